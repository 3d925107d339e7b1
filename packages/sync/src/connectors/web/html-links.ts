const ANCHOR_HREF = /<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * Absolute http(s) URLs of `<a href>` links in a page, resolved against `base`, fragments
 * stripped, duplicates removed. A regular expression is enough: links only steer the crawl, and
 * a missed one costs a page, not correctness.
 */
export function htmlLinks(html: string, base: URL): URL[] {
  const seen = new Set<string>();
  const out: URL[] = [];
  for (const match of html.matchAll(ANCHOR_HREF)) {
    const href = (match[1] ?? match[2] ?? match[3] ?? '').replace(/&amp;/g, '&').trim();
    if (!href) continue;
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    url.hash = '';
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    out.push(url);
  }
  return out;
}

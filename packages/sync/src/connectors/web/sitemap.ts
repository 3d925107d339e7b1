/** One `<url>` of a sitemap. */
export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export type ParsedSitemap =
  | { kind: 'urlset'; entries: SitemapEntry[] }
  | { kind: 'index'; sitemaps: string[] };

/**
 * Reads a sitemap or sitemap index (sitemaps.org protocol). A tolerant scan of `<url>` and
 * `<sitemap>` blocks is enough for this fixed, flat format and needs no XML dependency.
 */
export function parseSitemap(xml: string): ParsedSitemap {
  if (/<sitemapindex[\s>]/i.test(xml)) {
    const sitemaps = blocks(xml, 'sitemap')
      .map((block) => field(block, 'loc'))
      .filter((loc): loc is string => loc !== undefined);
    return { kind: 'index', sitemaps };
  }
  const entries: SitemapEntry[] = [];
  for (const block of blocks(xml, 'url')) {
    const loc = field(block, 'loc');
    if (loc === undefined) continue;
    const lastmod = field(block, 'lastmod');
    entries.push(lastmod === undefined ? { loc } : { loc, lastmod });
  }
  return { kind: 'urlset', entries };
}

function blocks(xml: string, tag: string): string[] {
  const re = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`, 'gi');
  return [...xml.matchAll(re)].map((m) => m[1] ?? '');
}

function field(block: string, tag: string): string | undefined {
  const re = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`, 'i');
  const raw = re.exec(block)?.[1];
  if (raw === undefined) return undefined;
  const value = decodeXmlText(raw).trim();
  return value || undefined;
}

function decodeXmlText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1] ?? '';
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

import type { DocumentRef } from '../../connector.ts';
import type { HttpGetResult } from './http-get.ts';
import type { RobotsPolicy } from './robots.ts';
import { parseSitemap, type SitemapEntry } from './sitemap.ts';

export interface ListSitemapOptions {
  sitemapUrl: URL;
  maxPages: number;
  robotsFor: (origin: string) => Promise<RobotsPolicy>;
  /** GET one sitemap document. */
  getXml: (url: URL) => Promise<HttpGetResult>;
  /** Stamp for URLs without `<lastmod>` (see below). */
  listedAt: string;
  signal?: AbortSignal;
}

/**
 * Refs from a sitemap, following a sitemap index one level. Only URLs on the sitemap's origin
 * that robots.txt allows are listed. The fingerprint is the `<lastmod>`; a URL without one gets
 * a fingerprint that changes every run, so the sync always asks, and a conditional GET
 * (`If-None-Match`) keeps that cheap.
 */
export async function listSitemap(options: ListSitemapOptions): Promise<DocumentRef[]> {
  const origin = options.sitemapUrl.origin;
  const root = parseSitemap(await getText(options.sitemapUrl, options));
  let entries: SitemapEntry[];
  if (root.kind === 'urlset') entries = root.entries;
  else {
    entries = [];
    for (const loc of root.sitemaps) {
      const url = toUrl(loc, options.sitemapUrl);
      if (!url || url.origin !== origin) continue;
      options.signal?.throwIfAborted();
      const child = parseSitemap(await getText(url, options));
      if (child.kind === 'urlset') entries.push(...child.entries); // one level only
    }
  }
  const robots = await options.robotsFor(origin);
  const refs = new Map<string, DocumentRef>();
  for (const entry of entries) {
    if (refs.size >= options.maxPages) break;
    const url = toUrl(entry.loc, options.sitemapUrl);
    if (!url || url.origin !== origin || refs.has(url.href) || !robots.isAllowed(url)) continue;
    const fingerprint = entry.lastmod
      ? `lastmod:${entry.lastmod}`
      : `unknown-lastmod:${options.listedAt}`;
    refs.set(url.href, { id: url.href, url: url.href, fingerprint });
  }
  return [...refs.values()];
}

async function getText(url: URL, options: ListSitemapOptions): Promise<string> {
  const result = await options.getXml(url);
  return result.status === 'ok' ? result.body : '';
}

function toUrl(loc: string, base: URL): URL | undefined {
  try {
    const url = new URL(loc, base);
    url.hash = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

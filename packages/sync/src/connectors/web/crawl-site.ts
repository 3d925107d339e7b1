import type { DocumentRef } from '../../connector.ts';
import { PermanentSourceError } from '../../errors.ts';
import { htmlLinks } from './html-links.ts';
import type { HttpGetResult } from './http-get.ts';
import { pageFingerprint } from './page-fingerprint.ts';
import type { RobotsPolicy } from './robots.ts';

export interface CrawlOptions {
  startUrls: URL[];
  /** Link hops followed from a start URL (start pages are depth 0). */
  maxDepth: number;
  /** Pages listed at most; the crawl stops requesting once reached. */
  maxPages: number;
  robotsFor: (origin: string) => Promise<RobotsPolicy>;
  /** GET one page, accepting HTML only. */
  getPage: (url: URL) => Promise<HttpGetResult>;
  signal?: AbortSignal;
}

/**
 * Breadth-first crawl from the start URLs, staying on their origins. Robots-disallowed URLs are
 * never requested. A page that is permanently unusable (404, not HTML, too large) is left out;
 * a transient failure fails the whole listing, because leaving the page out would make the sync
 * delete it.
 */
export async function crawlSite(options: CrawlOptions): Promise<DocumentRef[]> {
  const origins = new Set(options.startUrls.map((u) => u.origin));
  const queued = new Set<string>();
  const queue: Array<{ url: URL; depth: number }> = [];
  const enqueue = (url: URL, depth: number) => {
    if (!origins.has(url.origin) || queued.has(url.href)) return;
    queued.add(url.href);
    queue.push({ url, depth });
  };
  for (const url of options.startUrls) enqueue(url, 0);

  const refs: DocumentRef[] = [];
  for (let next = queue.shift(); next && refs.length < options.maxPages; next = queue.shift()) {
    options.signal?.throwIfAborted();
    const { url, depth } = next;
    if (!(await options.robotsFor(url.origin)).isAllowed(url)) continue;
    let page: HttpGetResult;
    try {
      page = await options.getPage(url);
    } catch (err) {
      if (err instanceof PermanentSourceError) continue;
      throw err;
    }
    if (page.status !== 'ok') continue; // no validators were sent, so this does not happen
    refs.push({
      id: url.href,
      url: url.href,
      fingerprint: pageFingerprint(page.validators, page.body),
    });
    if (depth < options.maxDepth && page.contentType !== 'text/plain') {
      for (const link of htmlLinks(page.body, url)) enqueue(link, depth + 1);
    }
  }
  return refs;
}

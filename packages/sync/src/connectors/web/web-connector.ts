import { type SourceDocument, SwitchboardError } from '@switchboard/core';
import { htmlTitle, markdownTitle, textTitle } from '@switchboard/knowledge';
import type {
  Connector,
  DocumentRef,
  FetchOptions,
  FetchResult,
  ListOptions,
} from '../../connector.ts';
import { PermanentSourceError } from '../../errors.ts';
import { crawlSite } from './crawl-site.ts';
import { type HttpGetOptions, httpGet } from './http-get.ts';
import { listSitemap } from './list-sitemap.ts';
import { pageFingerprint } from './page-fingerprint.ts';
import { ALLOW_ALL, parseRobots, type RobotsPolicy } from './robots.ts';

export interface WebConnectorOptions {
  /** Sitemap (or sitemap index) to list pages from; takes precedence over `startUrls`. */
  sitemapUrl?: string;
  /** Where to start crawling when there is no sitemap. */
  startUrls?: string[];
  /** Link hops followed from a start URL. @defaultValue 2 */
  maxDepth?: number;
  /** Pages listed at most. @defaultValue 500 */
  maxPages?: number;
  /** Bodies larger than this are refused with `too_large`. @defaultValue 5 MB */
  maxBytes?: number;
  /** Per-request timeout. @defaultValue 15000 */
  timeoutMs?: number;
  /** Sent on every request; its product token selects the robots.txt group. @defaultValue 'SwitchboardBot/0.1' */
  userAgent?: string;
  /** HTTP client (injectable for tests). @defaultValue global `fetch` */
  fetch?: typeof fetch;
  /** Copied to every document's `source` (the source's configured name). */
  source?: string;
  /** Clock, for fingerprints of sitemap URLs without `<lastmod>`. @defaultValue `Date.now` */
  now?: () => number;
}

// Keyed by the server's Content-Type: a Map, so "constructor" is not a page type.
const PAGE_FORMATS: ReadonlyMap<string, SourceDocument['format']> = new Map([
  ['text/html', 'html'],
  ['application/xhtml+xml', 'html'],
  ['text/plain', 'text'],
  ['text/markdown', 'markdown'],
  ['text/x-markdown', 'markdown'],
]);

/**
 * Pages of one web site, listed from a sitemap or by crawling, fetched with conditional GETs.
 * robots.txt is read once per origin per run (a run starts with `list`), and a disallowed URL
 * is never requested.
 */
export class WebConnector implements Connector {
  readonly kind = 'web';
  readonly #options: WebConnectorOptions;
  readonly #http: Omit<HttpGetOptions, 'signal' | 'validators' | 'accepts'>;
  #robots = new Map<string, Promise<RobotsPolicy>>();

  constructor(options: WebConnectorOptions) {
    if (!options.sitemapUrl && !options.startUrls?.length) {
      throw new SwitchboardError('BAD_REQUEST', 'A web source needs sitemapUrl or startUrls', {
        details: { field: 'sitemapUrl' },
      });
    }
    this.#options = options;
    this.#http = {
      fetch: options.fetch ?? globalThis.fetch,
      userAgent: options.userAgent ?? 'SwitchboardBot/0.1',
      timeoutMs: options.timeoutMs ?? 15_000,
      maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    };
  }

  async list(options: ListOptions = {}): Promise<DocumentRef[]> {
    this.#robots = new Map(); // a new run re-reads robots.txt
    const { signal } = options;
    const robotsFor = (origin: string) => this.#robotsFor(origin, signal);
    const maxPages = this.#options.maxPages ?? 500;
    if (this.#options.sitemapUrl) {
      return listSitemap({
        sitemapUrl: new URL(this.#options.sitemapUrl),
        maxPages,
        robotsFor,
        getXml: (url) => httpGet(url, this.#request(signal)),
        listedAt: new Date((this.#options.now ?? Date.now)()).toISOString(),
        ...(signal && { signal }),
      });
    }
    return crawlSite({
      startUrls: (this.#options.startUrls ?? []).map(withoutFragment),
      maxDepth: this.#options.maxDepth ?? 2,
      maxPages,
      robotsFor,
      getPage: (url) => httpGet(url, { ...this.#request(signal), accepts: isPageType }),
      ...(signal && { signal }),
    });
  }

  async fetch(ref: DocumentRef, options: FetchOptions = {}): Promise<FetchResult> {
    const url = withoutFragment(ref.url ?? ref.id);
    if (!(await this.#robotsFor(url.origin, options.signal)).isAllowed(url)) {
      throw new PermanentSourceError('robots_disallowed', `robots.txt disallows ${url.href}`, {
        details: { url: url.href },
      });
    }
    const result = await httpGet(url, {
      ...this.#request(options.signal),
      accepts: isPageType,
      ...(options.validators && { validators: options.validators }),
    });
    if (result.status === 'not-modified') return result;
    if (!result.body.trim()) throw new PermanentSourceError('unparseable', `${url.href} is empty`);
    const format = PAGE_FORMATS.get(result.contentType) ?? 'text';
    const title =
      (format === 'html'
        ? htmlTitle(result.body)
        : format === 'markdown'
          ? markdownTitle(result.body)
          : textTitle(result.body)) ?? url.href;
    const document: SourceDocument = {
      id: url.href,
      title,
      text: result.body,
      format,
      url: url.href,
    };
    if (this.#options.source !== undefined) document.source = this.#options.source;
    const fetched: FetchResult = {
      status: 'fetched',
      document,
      fingerprint: pageFingerprint(result.validators, result.body),
    };
    if (Object.keys(result.validators).length > 0) fetched.validators = result.validators;
    return fetched;
  }

  #request(signal: AbortSignal | undefined): HttpGetOptions {
    return signal ? { ...this.#http, signal } : { ...this.#http };
  }

  /** robots.txt of an origin, fetched once per run; any 4xx means "no rules" (RFC 9309). */
  #robotsFor(origin: string, signal: AbortSignal | undefined): Promise<RobotsPolicy> {
    let policy = this.#robots.get(origin);
    if (!policy) {
      policy = httpGet(new URL('/robots.txt', origin), this.#request(signal)).then(
        (result) =>
          result.status === 'ok' ? parseRobots(result.body, this.#http.userAgent) : ALLOW_ALL,
        (err: unknown) => {
          if (err instanceof PermanentSourceError) return ALLOW_ALL;
          this.#robots.delete(origin); // do not cache a transient failure
          throw err;
        },
      );
      this.#robots.set(origin, policy);
    }
    return policy;
  }
}

function isPageType(contentType: string): boolean {
  return PAGE_FORMATS.has(contentType);
}

function withoutFragment(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch (cause) {
    throw new PermanentSourceError('not_found', `Not a URL: ${href}`, { cause });
  }
  url.hash = '';
  return url;
}

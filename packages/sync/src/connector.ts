import type { SourceDocument } from '@switchboard/core';

/** One document as a connector lists it: cheap to produce, enough to tell whether it changed. */
export interface DocumentRef {
  id: string;
  /** Changes whenever the content may have changed (mtime+size, sitemap lastmod, ETag, content hash). */
  fingerprint: string;
  url?: string;
}

/** What the sync engine remembers per document between runs, to make fetches conditional. */
export interface FetchValidators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | {
      status: 'fetched';
      document: SourceDocument;
      fingerprint: string;
      validators?: FetchValidators;
    }
  /** HTTP 304 or equivalent: nothing to do. */
  | { status: 'not-modified' };

export interface ListOptions {
  signal?: AbortSignal;
}

export interface FetchOptions {
  signal?: AbortSignal;
  validators?: FetchValidators;
}

/**
 * A source of documents the sync engine can diff cheaply (`list`) and then read one at a time
 * (`fetch`). Implementations throw `TransientSourceError` (retry later) or
 * `PermanentSourceError` (mark the document failed, go on).
 */
export interface Connector {
  readonly kind: 'directory' | 'jsonl' | 'web' | (string & {});
  list(options?: ListOptions): Promise<DocumentRef[]>;
  fetch(ref: DocumentRef, options?: FetchOptions): Promise<FetchResult>;
}

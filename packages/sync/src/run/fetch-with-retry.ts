import type { Connector, DocumentRef, FetchOptions, FetchResult } from '../connector.ts';
import { isTransientSourceError } from '../errors.ts';

/** Waits `ms`, or rejects when `signal` aborts. Injected so tests never really wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Retries after the first attempt, for transient errors only. @defaultValue 3 */
  retries?: number;
  /** Delay before the first retry; doubles each time (unless the source sent `Retry-After`). @defaultValue 500 */
  baseDelayMs?: number;
  /** Upper bound on one delay, `Retry-After` included. @defaultValue 30_000 */
  maxDelayMs?: number;
}

export interface FetchWithRetryOptions extends FetchOptions {
  connector: Connector;
  ref: DocumentRef;
  retry?: RetryPolicy;
  sleep?: Sleep;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * `connector.fetch` with exponential backoff on `TransientSourceError`; any other error, and the
 * last transient one, is thrown to the caller.
 */
export async function fetchWithRetry(options: FetchWithRetryOptions): Promise<FetchResult> {
  const { connector, ref, signal, validators } = options;
  const retries = options.retry?.retries ?? 3;
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await connector.fetch(ref, {
        ...(signal ? { signal } : {}),
        ...(validators ? { validators } : {}),
      });
    } catch (err) {
      if (!isTransientSourceError(err) || attempt >= retries) throw err;
      const delay = Math.min(maxDelayMs, err.retryAfterMs ?? baseDelayMs * 2 ** attempt);
      await sleep(delay, signal);
    }
  }
}

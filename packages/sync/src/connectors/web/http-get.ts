import type { FetchValidators } from '../../connector.ts';
import { PermanentSourceError, parseRetryAfter, TransientSourceError } from '../../errors.ts';

export interface HttpGetOptions {
  fetch: typeof fetch;
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  validators?: FetchValidators;
  /** Checked before the body is read; a refused type is `unsupported_type`. */
  accepts?: (contentType: string) => boolean;
}

export type HttpGetResult =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; contentType: string; validators: FetchValidators };

/**
 * One GET, with every failure mapped to the error the sync job acts on: 404/410/401/403 and
 * refused bodies are permanent; 5xx, 429 (with `Retry-After`), timeouts and network errors are
 * transient. A caller's own abort is rethrown as is: that is a cancellation, not a source error.
 */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<HttpGetResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { 'user-agent': options.userAgent };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified)
    headers['if-modified-since'] = options.validators.lastModified;
  const where = { details: { url: url.href } };
  try {
    const response = await options.fetch(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'not-modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw statusError(url, response);
    }
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (options.accepts && !options.accepts(contentType.toLowerCase())) {
      await response.body?.cancel();
      throw new PermanentSourceError(
        'unsupported_type',
        `${url.href} is ${contentType || 'untyped'}`,
        where,
      );
    }
    const body = await readLimited(response, options.maxBytes, url);
    const validators: FetchValidators = {};
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    return { status: 'ok', body, contentType: contentType.toLowerCase(), validators };
  } catch (cause) {
    if (cause instanceof PermanentSourceError || cause instanceof TransientSourceError) throw cause;
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new TransientSourceError(`${url.href} timed out after ${options.timeoutMs} ms`, {
        cause,
        ...where,
      });
    }
    throw new TransientSourceError(`Cannot reach ${url.href}`, { cause, ...where });
  }
}

function statusError(url: URL, response: Response): Error {
  const { status } = response;
  const message = `${url.href} answered HTTP ${status}`;
  const details = { url: url.href, status };
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return retryAfterMs === undefined
      ? new TransientSourceError(message, { details })
      : new TransientSourceError(message, { details, retryAfterMs });
  }
  if (status === 410) return new PermanentSourceError('gone', message, { details });
  if (status === 401 || status === 403)
    return new PermanentSourceError('forbidden', message, { details });
  // 404 and any other 4xx: the URL cannot be served as asked, and asking again will not help.
  return new PermanentSourceError('not_found', message, { details });
}

/** Reads the body as UTF-8 text, refusing (without reading on) once it passes `maxBytes`. */
async function readLimited(response: Response, maxBytes: number, url: URL): Promise<string> {
  const tooLarge = (size: string) =>
    new PermanentSourceError('too_large', `${url.href} is ${size} bytes, over ${maxBytes}`, {
      details: { url: url.href, maxBytes },
    });
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(String(declared));
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(`more than ${maxBytes}`);
    }
    parts.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(parts));
}

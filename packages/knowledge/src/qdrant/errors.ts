import { isSwitchboardError, SwitchboardError } from '@switchboard/core';

/** The reason behind undici's opaque `TypeError: fetch failed` (ECONNREFUSED, ENOTFOUND...). */
function fetchFailureReason(err: unknown): string | undefined {
  if (!(err instanceof TypeError) || err.message !== 'fetch failed') return undefined;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return cause === undefined ? 'network error' : String(cause);
}

/**
 * A kept-alive connection the server closed while the request was being sent (Qdrant closes idle
 * connections after a few seconds; undici may reuse one at that very moment): the request never
 * reached Qdrant, so sending it again on a fresh connection is safe.
 */
export function isStaleConnection(err: unknown): boolean {
  if (!(err instanceof TypeError) || err.message !== 'fetch failed') return false;
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

/** Qdrant's own explanation of a rejected request (`{status: {error}}`), when it sent one. */
function apiFailureReason(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('status' in err)) return undefined;
  const { status, data } = err as { status: unknown; data?: unknown };
  if (typeof status !== 'number') return undefined;
  const error = (data as { status?: { error?: unknown } } | undefined)?.status?.error;
  return typeof error === 'string' ? `HTTP ${status}: ${error}` : `HTTP ${status}`;
}

/**
 * Turns whatever the Qdrant client threw into INDEX_UNAVAILABLE, naming the operation, the server
 * and the reason; the original error stays as `cause`. Our own errors pass through unchanged.
 */
export function toIndexUnavailable(options: {
  operation: string;
  url: string;
  error: unknown;
}): SwitchboardError {
  const { operation, url, error } = options;
  if (isSwitchboardError(error)) return error;
  const unreachable = fetchFailureReason(error);
  if (unreachable !== undefined) {
    return new SwitchboardError(
      'INDEX_UNAVAILABLE',
      `Qdrant at ${url} is unreachable during ${operation}: ${unreachable}`,
      { cause: error, details: { operation } },
    );
  }
  const reason =
    apiFailureReason(error) ?? (error instanceof Error ? error.message : String(error));
  return new SwitchboardError('INDEX_UNAVAILABLE', `Qdrant ${operation} failed: ${reason}`, {
    cause: error,
    details: { operation },
  });
}

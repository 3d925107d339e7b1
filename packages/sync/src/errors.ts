import { SwitchboardError } from '@switchboard/core';

/** Why a document can never be fetched as it is; the run marks it failed and goes on. */
export type PermanentSourceReason =
  | 'not_found'
  | 'gone'
  | 'forbidden'
  | 'unparseable'
  | 'unsupported_type'
  | 'too_large'
  | 'robots_disallowed';

interface SourceErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

/** Timeouts, network errors, HTTP 5xx and 429: the job retries with backoff. */
export class TransientSourceError extends SwitchboardError {
  readonly kind = 'transient' as const;
  /** How long the source asked us to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: SourceErrorOptions & { retryAfterMs?: number } = {}) {
    super('PROVIDER_FAILED', message, {
      cause: options.cause,
      details: { ...options.details, retryAfterMs: options.retryAfterMs },
    });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The document cannot be fetched until something changes at the source; retrying will not help. */
export class PermanentSourceError extends SwitchboardError {
  readonly kind = 'permanent' as const;
  readonly reason: PermanentSourceReason;

  constructor(reason: PermanentSourceReason, message: string, options: SourceErrorOptions = {}) {
    super('DATA_INVALID', message, {
      cause: options.cause,
      details: { ...options.details, reason },
    });
    this.reason = reason;
  }
}

export function isTransientSourceError(value: unknown): value is TransientSourceError {
  return value instanceof TransientSourceError;
}

export function isPermanentSourceError(value: unknown): value is PermanentSourceError {
  return value instanceof PermanentSourceError;
}

/**
 * `Retry-After` as milliseconds: either delay-seconds or an HTTP date (relative to `now`).
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

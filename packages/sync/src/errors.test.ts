import { SwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import {
  isPermanentSourceError,
  isTransientSourceError,
  PermanentSourceError,
  parseRetryAfter,
  TransientSourceError,
} from './errors.ts';

describe('source errors', () => {
  it('are SwitchboardErrors with the catalogue codes and their own kind', () => {
    const permanent = new PermanentSourceError('gone', 'page gone');
    const transient = new TransientSourceError('down', { retryAfterMs: 500 });
    expect(permanent).toBeInstanceOf(SwitchboardError);
    expect(permanent).toMatchObject({ code: 'DATA_INVALID', kind: 'permanent', reason: 'gone' });
    expect(transient).toMatchObject({ code: 'PROVIDER_FAILED', kind: 'transient' });
    expect(transient.retryAfterMs).toBe(500);
    expect(isPermanentSourceError(permanent) && isTransientSourceError(transient)).toBe(true);
    expect(isTransientSourceError(permanent)).toBe(false);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

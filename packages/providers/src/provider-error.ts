import { isSwitchboardError, SwitchboardError } from '@switchboard/core';
import type { DeadlineKind } from './deadline.ts';

/** One line about why a provider call failed; fetch failures hide the reason in `cause`. */
export function describeProviderError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/**
 * Why a provider call failed, in `details.reason` of PROVIDER_FAILED: `timeout` (no first token
 * or no answer in time), `stalled` (went silent mid-answer), `circuit_open` (skipped: the
 * provider failed repeatedly just before), or `error` (refused, 5xx, bad response).
 */
export type ProviderFailureReason = 'timeout' | 'stalled' | 'circuit_open' | 'error';

export function providerCallError(
  what: string,
  err: unknown,
  expired: DeadlineKind | undefined,
): SwitchboardError {
  if (isSwitchboardError(err)) return err;
  const reason: ProviderFailureReason =
    expired === 'stall' ? 'stalled' : expired ? 'timeout' : 'error';
  const message =
    reason === 'error'
      ? `${what} failed: ${describeProviderError(err)}`
      : `${what} ${reason === 'stalled' ? 'stalled mid-answer' : 'timed out'}: ${describeProviderError(err)}`;
  return new SwitchboardError('PROVIDER_FAILED', message, {
    cause: err,
    details: { reason, ...(expired ? { limit: expired } : {}) },
  });
}

export function circuitOpenError(what: string, circuit: string): SwitchboardError {
  return new SwitchboardError(
    'PROVIDER_FAILED',
    `${what} skipped: circuit ${circuit} is open after repeated failures`,
    { details: { reason: 'circuit_open' satisfies ProviderFailureReason, circuit } },
  );
}

/** The failure reason of a provider error (undefined for anything else). */
export function providerFailureReason(err: unknown): ProviderFailureReason | undefined {
  if (!isSwitchboardError(err) || err.code !== 'PROVIDER_FAILED') return undefined;
  const reason = err.details?.reason;
  return reason === 'timeout' ||
    reason === 'stalled' ||
    reason === 'circuit_open' ||
    reason === 'error'
    ? reason
    : 'error';
}

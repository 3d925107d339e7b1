import { setTimeout as sleep } from 'node:timers/promises';
import {
  type FineTuneEvent,
  type FineTuneJobStatus,
  type FineTuneProvider,
  isSwitchboardError,
  type Logger,
} from '@switchboard/core';

export interface FollowOptions {
  /** First wait between polls, and the wait again whenever the job moved. @defaultValue 2000 */
  initialDelayMs?: number;
  /** Cap of the doubling wait while nothing changes. @defaultValue 60000 */
  maxDelayMs?: number;
  /** Polls in a row that may fail (network, 5xx, 429) before the run gives up. @defaultValue 8 */
  maxPollFailures?: number;
}

export interface FollowInput {
  provider: FineTuneProvider;
  jobId: string;
  /** The last event already reported (resumed runs start after it). */
  lastEventId?: string;
  options?: FollowOptions;
  signal?: AbortSignal;
  log: Logger;
  /** New events (oldest first) with the status they came with; persist the cursor here. */
  onProgress: (status: FineTuneJobStatus, events: FineTuneEvent[]) => Promise<void>;
}

const TERMINAL = new Set<FineTuneJobStatus['status']>(['succeeded', 'failed', 'cancelled']);

/** Provider hiccups are waited out; anything else (401, 404: the job is gone) ends the run. */
function isTransient(err: unknown): boolean {
  return isSwitchboardError(err) && (err.code === 'RATE_LIMITED' || err.code === 'PROVIDER_FAILED')
    ? ![400, 401, 403, 404].includes(Number(err.details?.status))
    : false;
}

/**
 * Polls a remote fine-tuning job until it ends, reporting its events. The wait doubles while
 * nothing changes (2 s → 60 s by default) and drops back when the status or events move, so a
 * long queue costs few requests and a finishing job is noticed quickly.
 */
export async function followRemoteJob(input: FollowInput): Promise<FineTuneJobStatus> {
  const initial = input.options?.initialDelayMs ?? 2_000;
  const max = input.options?.maxDelayMs ?? 60_000;
  const maxFailures = input.options?.maxPollFailures ?? 8;
  let delay = initial;
  let failures = 0;
  let lastEventId = input.lastEventId;
  let lastStatus: string | undefined;
  for (;;) {
    input.signal?.throwIfAborted();
    try {
      const status = await input.provider.getJob(input.jobId);
      const events = await input.provider.listEvents(input.jobId, lastEventId);
      failures = 0;
      const moved = events.length > 0 || status.status !== lastStatus;
      if (moved) {
        lastEventId = events.at(-1)?.id ?? lastEventId;
        lastStatus = status.status;
        await input.onProgress(status, events);
      }
      if (TERMINAL.has(status.status)) return status;
      delay = moved ? initial : Math.min(delay * 2, max);
    } catch (err) {
      if (!isTransient(err) || ++failures > maxFailures) throw err;
      input.log.warn('brand.fine_tune.poll_failed', {
        remoteJobId: input.jobId,
        failures,
        reason: err instanceof Error ? err.message : String(err),
      });
      delay = Math.min(delay * 2, max);
    }
    await sleep(delay, undefined, input.signal ? { signal: input.signal } : undefined);
  }
}

import { SwitchboardError } from '@switchboard/core';
import type { SyncQueue } from './queues.ts';

export interface WaitForRunOptions {
  /** Called with the job's progress on every poll while it runs. */
  onProgress?: (progress: unknown) => void;
  /** @defaultValue 500 */
  pollMs?: number;
  /** Gives up after this long (NOT_FOUND-free: a timeout is an INTERNAL error). @defaultValue none */
  timeoutMs?: number;
}

/**
 * Polls a run until it completes (its return value, the run summary) or fails (a
 * SwitchboardError with the reason). Polling needs no extra blocking connection, unlike QueueEvents.
 */
export async function waitForRun(
  queue: SyncQueue,
  jobId: string,
  options: WaitForRunOptions = {},
): Promise<unknown> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    // State first, then the job: read the other way round, the hash can predate the transition.
    const state = await queue.getJobState(jobId);
    const job = await queue.getJob(jobId);
    if (!job) throw new SwitchboardError('NOT_FOUND', `Run ${jobId} is no longer in the queue`);
    if (state === 'completed') return job.returnvalue;
    if (state === 'failed') {
      throw new SwitchboardError('INTERNAL', `Run ${jobId} failed: ${job.failedReason}`);
    }
    if (Date.now() > deadline) {
      throw new SwitchboardError('INTERNAL', `Run ${jobId} did not finish in time (${state})`);
    }
    options.onProgress?.(job.progress);
    await new Promise((done) => setTimeout(done, options.pollMs ?? 500));
  }
}

import { SwitchboardError } from '@switchboard/core';
import type { SyncRunSummary } from '@switchboard/sync';
import type { RunProgress } from './run-progress.ts';
import type { SyncBackend } from './sync-backend.ts';

export interface FollowRunOptions {
  /** What is shown while it runs. @defaultValue nothing */
  progress?: RunProgress;
  /** @defaultValue 500 */
  pollMs?: number;
  /**
   * How long a run may be neither seen running nor found finished before giving up (removed from
   * the queue and never recorded). @defaultValue 10 minutes
   */
  unseenMs?: number;
}

/** Polls one run until it finishes (its summary) or fails (an error with its reason). */
export async function followRun(
  backend: SyncBackend,
  source: string,
  jobId: string,
  options: FollowRunOptions = {},
): Promise<SyncRunSummary> {
  const progress = options.progress;
  const pollMs = options.pollMs ?? 500;
  const unseenMs = options.unseenMs ?? 600_000;
  let seenAt = Date.now();
  for (;;) {
    let look: Awaited<ReturnType<SyncBackend['lookAtRun']>>;
    try {
      look = await backend.lookAtRun(source, jobId);
    } catch (error) {
      progress?.finish(null);
      throw error;
    }
    if (look.finished) {
      progress?.finish(look.summary);
      return look.summary;
    }
    if (look.active) seenAt = Date.now();
    else if (Date.now() - seenAt > unseenMs) {
      progress?.finish(null);
      throw new SwitchboardError(
        'NOT_FOUND',
        `Run ${jobId} of "${source}" is neither running nor in its history (${backend.where}).`,
      );
    }
    progress?.update(look.active);
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

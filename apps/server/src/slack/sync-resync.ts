import { SwitchboardError } from '@switchboard/core';
import type { ResyncPort, ResyncProgress, ResyncSummary } from '@switchboard/slack';
import {
  type RedisSourceStore,
  type SyncProgress,
  type SyncQueue,
  type SyncRunSummary,
  triggerSync,
} from '@switchboard/sync';

export interface SyncResyncOptions {
  queue: SyncQueue;
  sources: RedisSourceStore;
  /** How often a followed run is polled. @defaultValue 1000 */
  pollMs?: number;
}

function progressOf(raw: unknown): ResyncProgress {
  const p = (typeof raw === 'object' && raw ? raw : {}) as Partial<SyncProgress>;
  return { stage: p.stage ?? 'waiting', done: p.done ?? 0, total: p.total ?? 0 };
}

function summaryOf(run: SyncRunSummary): ResyncSummary {
  return {
    added: run.added,
    updated: run.updated,
    unchanged: run.unchanged,
    deleted: run.deleted,
    failed: run.failed.length,
    durationMs: run.durationMs,
  };
}

/** `/switchboard resync` on the BullMQ sync queue: the same checks and trigger as the admin API. */
export function syncResync(options: SyncResyncOptions): ResyncPort {
  const { queue, sources } = options;
  const pause = () => new Promise((done) => setTimeout(done, options.pollMs ?? 1000));
  return {
    async trigger(source, mode) {
      if (!(await sources.getSpec(source)))
        throw new SwitchboardError('NOT_FOUND', `No source named "${source}".`);
      if (await sources.isPaused(source))
        throw new SwitchboardError('CONFLICT', `Source "${source}" is paused; resume it first.`);
      const run = await triggerSync(queue, { source, mode, trigger: 'admin' });
      return { runId: run.jobId, joined: run.joined };
    },
    async follow(runId, onProgress) {
      for (;;) {
        // State first, then the job: read the other way round, the hash can predate the transition.
        const state = await queue.getJobState(runId);
        const job = await queue.getJob(runId);
        if (!job) throw new SwitchboardError('NOT_FOUND', `Run ${runId} is no longer in the queue`);
        if (state === 'completed') return summaryOf(job.returnvalue as SyncRunSummary);
        if (state === 'failed')
          throw new SwitchboardError('INTERNAL', `Run ${runId} failed: ${job.failedReason}`);
        await onProgress(progressOf(job.progress));
        await pause();
      }
    },
  };
}

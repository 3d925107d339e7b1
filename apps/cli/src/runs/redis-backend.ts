import { SwitchboardError } from '@switchboard/core';
import {
  activeRunOf,
  type RedisSourceStore,
  type RunHistory,
  type SyncQueue,
  type SyncRunSummary,
  syncStatus,
  triggerRemoval,
  triggerSync,
} from '@switchboard/sync';
import type { SyncBackend } from './sync-backend.ts';

export interface RedisSyncParts {
  queue: SyncQueue;
  sources: RedisSourceStore;
  history: RunHistory;
}

const noSource = (name: string) => new SwitchboardError('NOT_FOUND', `No source named "${name}".`);

/** The sync commands on the queue and stores in Redis: used when no server answers. */
export function redisSyncBackend({ queue, sources, history }: RedisSyncParts): SyncBackend {
  const lastRun = async (name: string) => (await history.list(name))[0] ?? null;
  return {
    where: 'redis',
    async list() {
      const [specs, paused] = await Promise.all([sources.list(), sources.pausedNames()]);
      return Promise.all(
        specs.map(async (spec) => ({
          ...spec,
          paused: paused.has(spec.name),
          lastRun: await lastRun(spec.name),
        })),
      );
    },
    add: async (input) => (await sources.add(input)) ?? null,
    async remove(name) {
      if (!(await sources.remove(name))) throw noSource(name);
      return triggerRemoval(queue, { source: name, trigger: 'admin' });
    },
    async setPaused(name, paused) {
      if (!(await sources.setPaused(name, paused))) throw noSource(name);
    },
    async trigger(name, mode) {
      if (!(await sources.getSpec(name))) throw noSource(name);
      if (await sources.isPaused(name))
        throw new SwitchboardError('CONFLICT', `Source "${name}" is paused; resume it first.`);
      return triggerSync(queue, { source: name, mode, trigger: 'admin' });
    },
    async status() {
      const status = await syncStatus(queue, sources);
      const rows = await Promise.all(
        status.sources.map(async (row) => ({ ...row, lastRun: await lastRun(row.name) })),
      );
      return { counts: status.counts, sources: rows };
    },
    async lookAtRun(source, jobId) {
      // State first, then the job: read the other way round, the hash can predate the transition.
      const state = await queue.getJobState(jobId);
      const job = await queue.getJob(jobId);
      if (!job) throw new SwitchboardError('NOT_FOUND', `Run ${jobId} is no longer in the queue.`);
      if (state === 'completed')
        return { finished: true, summary: job.returnvalue as SyncRunSummary };
      if (state === 'failed')
        throw new SwitchboardError('INTERNAL', `Run ${jobId} failed: ${job.failedReason}`);
      // The source's view counts a run's document jobs live; the job alone does not.
      const active = await activeRunOf(queue, source);
      return {
        finished: false,
        active: active?.jobId === jobId ? active : { jobId, state, progress: job.progress },
      };
    },
  };
}

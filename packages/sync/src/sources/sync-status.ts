import type { SyncQueue } from '../jobs/queues.ts';
import { runDeduplicationId } from '../jobs/trigger-sync.ts';
import type { RedisSourceStore } from './redis-source-store.ts';

export interface ActiveRun {
  jobId: string;
  state: string;
  /** What the worker last reported: `{ stage, done, total }`, or 0 before it started. */
  progress: unknown;
}

export interface SourceStatus {
  name: string;
  paused: boolean;
  activeRun: ActiveRun | null;
}

export interface SyncStatus {
  counts: Record<string, number>;
  sources: SourceStatus[];
}

/** The run of a source currently waiting or active (BullMQ's deduplication key holds its id). */
export async function activeRunOf(queue: SyncQueue, source: string): Promise<ActiveRun | null> {
  const jobId = await queue.getDeduplicationJobId(runDeduplicationId(source));
  if (!jobId) return null;
  const job = await queue.getJob(jobId);
  if (!job) return null;
  const state = await job.getState();
  if (state === 'completed' || state === 'failed' || state === 'unknown') return null;
  return { jobId, state, progress: job.progress };
}

/** Queue counts plus, per source, its paused flag and its active run. */
export async function syncStatus(queue: SyncQueue, sources: RedisSourceStore): Promise<SyncStatus> {
  const [specs, paused, counts] = await Promise.all([
    sources.list(),
    sources.pausedNames(),
    queue.getJobCounts('waiting', 'active', 'waiting-children', 'delayed', 'completed', 'failed'),
  ]);
  const rows = await Promise.all(
    specs.map(async (spec) => ({
      name: spec.name,
      paused: paused.has(spec.name),
      activeRun: await activeRunOf(queue, spec.name),
    })),
  );
  return { counts, sources: rows };
}

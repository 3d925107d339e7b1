import type { Job } from 'bullmq';
import type { SyncQueue } from '../jobs/queues.ts';
import { runDeduplicationId } from '../jobs/trigger-sync.ts';
import type { RedisSourceStore } from './redis-source-store.ts';

export interface ActiveRun {
  jobId: string;
  state: string;
  /**
   * What the worker last reported (`{ stage, done, total, current? }`, or 0 before it started);
   * while the run waits for its document jobs, `done`/`total` count those jobs live and
   * `current` names the documents being synced right now.
   */
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
  if (state !== 'waiting-children') return { jobId, state, progress: job.progress };
  return { jobId, state, progress: await childrenProgress(queue, job) };
}

/** Live counts of a run's document jobs, and the documents its workers hold right now. */
async function childrenProgress(queue: SyncQueue, job: Job): Promise<Record<string, unknown>> {
  const counts = await job.getDependenciesCount({
    processed: true,
    unprocessed: true,
    failed: true,
    ignored: true,
  });
  const finished = (counts.processed ?? 0) + (counts.failed ?? 0) + (counts.ignored ?? 0);
  const runId = (job.data as { runId?: string }).runId;
  // Active jobs are few (one per worker slot), so scanning them is cheap.
  const active = await queue.getActive(0, 50);
  // A batch job reports the documents it holds as its progress.
  const current = active
    .filter((child) => (child.data as { runId?: string }).runId === runId)
    .map((child) => (child.progress as { current?: string } | undefined)?.current)
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
  return {
    ...(typeof job.progress === 'object' ? job.progress : {}),
    stage: 'fetching',
    done: finished,
    total: finished + (counts.unprocessed ?? 0),
    ...(current.length ? { current: current.join(', ') } : {}),
  };
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

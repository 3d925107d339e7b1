import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/core';
import type { JobsOptions } from 'bullmq';
import type { SyncMode } from '../run/plan-sync.ts';
import type { SyncJobName, SyncJobPayloads, SyncQueue, SyncRunPayload } from './queues.ts';

/** Adds one job, with its payload type checked against its name. */
export async function addSyncJob<N extends SyncJobName>(
  queue: SyncQueue,
  name: N,
  data: SyncJobPayloads[N],
  opts?: JobsOptions,
): Promise<string> {
  const job = await queue.add(name, data, opts);
  if (!job.id) throw new SwitchboardError('INTERNAL', `BullMQ returned no id for a ${name} job`);
  return job.id;
}

export interface TriggerSyncOptions {
  source: string;
  /** @defaultValue 'incremental' */
  mode?: SyncMode;
  trigger: SyncRunPayload['trigger'];
}

export interface TriggeredRun {
  /** The run's job id (also its `runId`): the new run's, or the one already going. */
  jobId: string;
  /** `true` when a run of this source was already waiting or active, and this trigger joined it. */
  joined: boolean;
}

/** Deduplication id: at most one run per source exists until it completes or fails. */
export function runDeduplicationId(source: string): string {
  return `sync-run.${source}`;
}

/**
 * Starts a sync run of one source, or joins the one already waiting/active for it.
 *
 * One active run per source rests on BullMQ deduplication (simple mode: no ttl): the key holds
 * the run's job id from the add until the run completes or fails, including while the run
 * waits for its children, and `add` answers the existing job's id while it holds. The run keeps
 * its own unique id (a run id in history), so a finished run never blocks the next trigger.
 */
export async function triggerSync(
  queue: SyncQueue,
  options: TriggerSyncOptions,
): Promise<TriggeredRun> {
  const runId = `run-${randomUUID()}`;
  const jobId = await addSyncJob(
    queue,
    'sync-run',
    {
      runId,
      source: options.source,
      mode: options.mode ?? 'incremental',
      trigger: options.trigger,
    },
    {
      jobId: runId,
      deduplication: { id: runDeduplicationId(options.source) },
      // Listing can hit a flaky source: retry the run's own steps, not only its documents.
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    },
  );
  return { jobId, joined: jobId !== runId };
}

export interface ScheduleSyncOptions {
  source: string;
  /** Repeat every this many milliseconds. Give this or `pattern`. */
  every?: number;
  /** Cron pattern (BullMQ's cron-parser syntax). Give this or `every`. */
  pattern?: string;
  /** @defaultValue 'incremental' */
  mode?: SyncMode;
}

function schedulerId(source: string): string {
  return `sync-schedule.${source}`;
}

/**
 * Creates or replaces the schedule of one source (a BullMQ job scheduler). Each firing adds a
 * `sync-scheduled` job that goes through `triggerSync`, so it joins a run already going.
 */
export async function scheduleSync(queue: SyncQueue, options: ScheduleSyncOptions): Promise<void> {
  const { source, every, pattern } = options;
  if ((every === undefined) === (pattern === undefined)) {
    throw new SwitchboardError('BAD_REQUEST', `Schedule of "${source}": give every or pattern`);
  }
  const data: SyncJobPayloads['sync-scheduled'] = { source, mode: options.mode ?? 'incremental' };
  // BullMQ types the scheduler id as a job name; it is only a key, so the cast is safe.
  const id = schedulerId(source) as SyncJobName;
  await queue.upsertJobScheduler(id, every !== undefined ? { every } : { pattern }, {
    name: 'sync-scheduled',
    data,
    opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 10 } },
  });
}

/** Removes the schedule of one source; `false` when it had none. */
export function unscheduleSync(queue: SyncQueue, source: string): Promise<boolean> {
  return queue.removeJobScheduler(schedulerId(source));
}

import { randomUUID } from 'node:crypto';
import { silentLogger } from '@switchboard/core';
import { DelayedError, type Job } from 'bullmq';
import { reconcile } from '../run/reconcile.ts';
import { activeRunOf } from '../sources/sync-status.ts';
import type { SyncProcessorDeps } from './processor-deps.ts';
import type { SyncJobPayloads, SyncQueue } from './queues.ts';
import type { SyncRunSummary } from './run-history.ts';
import { addSyncJob, unscheduleSync } from './trigger-sync.ts';

/** How long a removal waits between looks at a sync run of its source that is still going. */
const WAIT_MS = 1_000;
/** Looks before it removes anyway (a straggling run's writes are purged at the next start-up). */
const MAX_WAITS = 300;

export interface TriggerRemovalOptions {
  source: string;
  /** `startup`: dropped from the sources file; `admin`: the admin API or the CLI. */
  trigger: SyncJobPayloads['remove-source']['trigger'];
}

/** Deduplication id: one removal per source waits or runs at a time. */
export const removalDeduplicationId = (source: string) => `remove-source.${source}`;

/**
 * Queues the removal run of a source the registry no longer has (remove it from the source
 * store first), or joins the one already queued. The worker deletes the source's chunks from the
 * index and its records, and appends the run to the source's history.
 */
export async function triggerRemoval(
  queue: SyncQueue,
  options: TriggerRemovalOptions,
): Promise<{ jobId: string; joined: boolean }> {
  const runId = `remove-${randomUUID()}`;
  const jobId = await addSyncJob(
    queue,
    'remove-source',
    { runId, source: options.source, trigger: options.trigger },
    {
      jobId: runId,
      deduplication: { id: removalDeduplicationId(options.source) },
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    },
  );
  return { jobId, joined: jobId !== runId };
}

/**
 * The removal run: waits for a sync run of the source still going (it would write after the
 * purge), then deletes every chunk the index holds for the source (index first, records second,
 * as everywhere in the sync engine: a crash in between leaves records the next start-up finds
 * and purges again), drops its schedule, checks with `reconcile` that nothing is left, and
 * appends the run (mode `remove`, `deleted` = documents removed) to the source's history.
 */
export async function processRemoveSource(
  deps: SyncProcessorDeps,
  job: Job<SyncJobPayloads['remove-source']>,
  token: string | undefined,
): Promise<SyncRunSummary> {
  const { runId, source, trigger } = job.data;
  const log = deps.log ?? silentLogger;
  const waited = job.data.waited ?? 0;
  if (token && waited < MAX_WAITS && (await activeRunOf(deps.queue, source))) {
    await job.updateData({ ...job.data, waited: waited + 1 });
    await job.moveToDelayed(Date.now() + WAIT_MS, token);
    throw new DelayedError();
  }
  const clock = deps.clock ?? Date.now;
  const startedAt = clock();
  log.info('sync.run.started', { runId, source, mode: 'remove', trigger });
  await job.updateProgress({ runId, source, stage: 'deleting', done: 0, total: 1 });
  const [chunks, records] = await Promise.all([
    deps.index.listChunks({ source }),
    deps.records.list(source),
  ]);
  const documents = new Set([...chunks.map((c) => c.docId), ...records.map((r) => r.docId)]);
  // By chunk id, listed by source: a document id another source shares keeps that source's chunks.
  const chunksRemoved = chunks.length ? await deps.index.deleteChunks(chunks.map((c) => c.id)) : 0;
  await deps.records.clear(source);
  await unscheduleSync(deps.queue, source);
  const reconciled = await reconcile({ source, index: deps.index, records: deps.records });
  const finishedAt = clock();
  const summary: SyncRunSummary = {
    runId,
    source,
    mode: 'remove',
    trigger,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: documents.size,
    failed: [],
    embedded: 0,
    durationMs: finishedAt - startedAt,
    reconcile: reconciled,
    finishedAt,
  };
  await deps.history.append(summary);
  await job.updateProgress({ runId, source, stage: 'done', done: 1, total: 1 });
  log.info('sync.source.removed', {
    runId,
    source,
    trigger,
    documents: documents.size,
    chunks: chunksRemoved,
    reconcileOk: reconciled.ok,
  });
  return summary;
}

import { isSwitchboardError, silentLogger } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { DelayedError, type Job, type JobsOptions, WaitingChildrenError, Worker } from 'bullmq';
import type { DocumentRecord } from '../records/record-store.ts';
import { planSync } from '../run/plan-sync.ts';
import { reconcile } from '../run/reconcile.ts';
import type { SyncProgress } from '../run/run-sync.ts';
import { DEFAULT_SYNC_BATCH } from '../run/run-sync.ts';
import { type DocumentOutcome, type SyncFailure, syncDocuments } from '../run/sync-document.ts';
import { canRebuild, processFullRebuild } from './full-rebuild.ts';
import { connectorOf, type SyncProcessorDeps } from './processor-deps.ts';
import { recordRunFailure } from './run-failure.ts';

export type { DocumentRetry, SyncProcessorDeps } from './processor-deps.ts';

import type { SyncJobPayloads, SyncQueue } from './queues.ts';
import type { SyncRunSummary } from './run-history.ts';
import { triggerSync } from './trigger-sync.ts';

/** One document's outcome in a `sync-documents` child's result. */
export interface DocumentJobResult extends DocumentOutcome {
  docId: string;
}

/** What a `sync-documents` child returns to its run. */
export interface DocumentsJobResult {
  documents: DocumentJobResult[];
  /** Texts embedded for the whole batch. */
  embedded: number;
}

/** What a `delete-documents` child returns to its run. */
export interface DeleteJobResult {
  deleted: number;
}

type JobOf<N extends keyof SyncJobPayloads> = Job<SyncJobPayloads[N]>;

/**
 * Deterministic per batch content (BullMQ job ids may not contain `:`, so document ids are
 * hashed): re-planning after a crash adds an identical batch only once.
 */
function batchJobId(runId: string, docIds: string[]): string {
  return `${runId}.docs.${sha256(docIds.join('\n')).slice(0, 32)}`;
}

/**
 * The parent of a run, in two steps (BullMQ's step-job pattern; the step lives in the job's
 * data so a restarted worker resumes where the run was):
 * 1. list and plan, add one child per document to fetch and one for the deletions, then wait
 *    for the children. Children have deterministic ids, so re-running this step after a crash
 *    adds nothing twice.
 * 2. when every child is done: reconcile, build the summary, append it to the history.
 */
export async function processSyncRun(
  deps: SyncProcessorDeps,
  job: JobOf<'sync-run'>,
  token: string | undefined,
): Promise<SyncRunSummary> {
  const startedAt = job.data.state?.startedAt ?? (deps.clock ?? Date.now)();
  try {
    return await runOrResume(deps, job, token);
  } catch (err) {
    // BullMQ's own control flow (wait for the children, come back later) is not a failure.
    if (err instanceof WaitingChildrenError || err instanceof DelayedError) throw err;
    throw await recordRunFailure(deps, job, err, startedAt);
  }
}

async function runOrResume(
  deps: SyncProcessorDeps,
  job: JobOf<'sync-run'>,
  token: string | undefined,
): Promise<SyncRunSummary> {
  const { runId, source, mode } = job.data;
  const log = deps.log ?? silentLogger;
  const progress = (p: SyncProgress) => job.updateProgress({ runId, source, ...p });
  if (mode === 'full' && canRebuild(deps.index)) {
    log.info('sync.run.started', { runId, source, mode, trigger: job.data.trigger });
    await progress({ stage: 'listing', done: 0, total: 0 });
    const summary = await processFullRebuild(deps, job, deps.index);
    log.info('sync.run.finished', summaryFields(summary));
    return summary;
  }
  const clock = deps.clock ?? Date.now;
  let state = job.data.state;
  // The records listed to plan, kept when the run adds no child (nothing will change them).
  let unchangedRecords: DocumentRecord[] | undefined;
  if (!state) {
    log.info('sync.run.started', { runId, source, mode, trigger: job.data.trigger });
    const startedAt = clock();
    // Reported first, so a failure to find or list the source is recorded as a listing failure.
    await progress({ stage: 'listing', done: 0, total: 0 });
    const connector = await connectorOf(deps.registry, source);
    // Independent reads: the record store answers while the source is listed.
    const [refs, listed] = await Promise.all([connector.list(), deps.records.list(source)]);
    const plan = planSync({ refs, records: listed, mode });
    const parent = { id: job.id ?? runId, queue: job.queueQualifiedName };
    const attempts = deps.documentRetry?.attempts ?? 5;
    const childOpts = (jobId: string): JobsOptions => ({
      jobId,
      parent,
      attempts,
      backoff: { type: 'exponential', delay: deps.documentRetry?.delay ?? 1000 },
      // A child failing for an unexpected reason is reported in the summary; the run goes on.
      ignoreDependencyOnFailure: true,
    });
    const batchSize = deps.documentBatch ?? DEFAULT_SYNC_BATCH;
    const children = [];
    for (let i = 0; i < plan.toFetch.length; i += batchSize) {
      const refs = plan.toFetch.slice(i, i + batchSize).map((ref) => ({
        id: ref.id,
        fingerprint: ref.fingerprint,
        ...(ref.url ? { url: ref.url } : {}),
      }));
      children.push({
        name: 'sync-documents' as const,
        data: { runId, source, mode, refs },
        opts: childOpts(
          batchJobId(
            runId,
            refs.map((r) => r.id),
          ),
        ),
      });
    }
    const deletion = plan.toDelete.length
      ? [
          {
            name: 'delete-documents' as const,
            data: { runId, source, docIds: plan.toDelete },
            opts: childOpts(`${runId}.delete`),
          },
        ]
      : [];
    await deps.queue.addBulk([...children, ...deletion]);
    if (children.length + deletion.length === 0) unchangedRecords = listed;
    log.info('sync.run.planned', {
      runId,
      source,
      toFetch: plan.toFetch.length,
      unchanged: plan.unchanged.length,
      toDelete: plan.toDelete.length,
    });
    state = { step: 'finish', startedAt, unchanged: plan.unchanged.length };
    await job.updateData({ ...job.data, state });
    await progress({ stage: 'fetching', done: 0, total: children.length + deletion.length });
  }
  // Also on a resumed run: a crash between saving the step and waiting must still wait.
  if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
  return finishRun(deps, job, state, unchangedRecords);
}

async function finishRun(
  deps: SyncProcessorDeps,
  job: JobOf<'sync-run'>,
  state: NonNullable<SyncJobPayloads['sync-run']['state']>,
  /** The source's records, when the caller holds them and no child ran. */
  recorded: DocumentRecord[] | undefined,
): Promise<SyncRunSummary> {
  const { runId, source, mode, trigger } = job.data;
  const clock = deps.clock ?? Date.now;
  const summary = { added: 0, updated: 0, unchanged: state.unchanged, deleted: 0, embedded: 0 };
  const failed: SyncFailure[] = [];
  const values = await job.getChildrenValues<DocumentsJobResult | DeleteJobResult>();
  for (const value of Object.values(values)) {
    if ('deleted' in value) {
      summary.deleted += value.deleted;
      continue;
    }
    summary.embedded += value.embedded;
    for (const document of value.documents) {
      if (document.counted) summary[document.counted]++;
      if (document.failure) failed.push(document.failure);
    }
  }
  const ignored = await job.getIgnoredChildrenFailures();
  for (const [key, message] of Object.entries(ignored)) {
    for (const docId of await failedChildDocIds(deps.queue, key))
      failed.push({ docId, reason: 'job_failed', message });
  }
  failed.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
  await job.updateProgress({ runId, source, stage: 'reconciling', done: 0, total: 1 });
  const reconciled = await reconcile({
    source,
    index: deps.index,
    records: deps.records,
    ...(recorded ? { recorded } : {}),
  });
  const finishedAt = clock();
  const result: SyncRunSummary = {
    runId,
    source,
    mode,
    trigger,
    ...summary,
    failed,
    durationMs: finishedAt - state.startedAt,
    reconcile: reconciled,
    finishedAt,
  };
  await deps.history.append(result);
  await job.updateProgress({ runId, source, stage: 'done', done: 1, total: 1 });
  (deps.log ?? silentLogger).info('sync.run.finished', summaryFields(result));
  return result;
}

/** The log line of a finished run: counts and the reconcile verdict, failures by reason. */
function summaryFields(summary: SyncRunSummary): Record<string, unknown> {
  const { failed, reconcile: reconciled, ...counts } = summary;
  return {
    ...counts,
    failed: failed.length,
    failures: failed.slice(0, 20),
    reconcileOk: reconciled.ok,
    ...(reconciled.ok ? {} : { reconcile: reconciled }),
  };
}

/** The document ids of a failed child, from its payload (its key is `prefix:queue:jobId`). */
async function failedChildDocIds(queue: SyncQueue, key: string): Promise<string[]> {
  const jobId = key.slice(key.lastIndexOf(':') + 1);
  const child = await queue.getJob(jobId);
  const data = child?.data as Partial<SyncJobPayloads['sync-documents']> | undefined;
  return data?.refs?.map((ref) => ref.id) ?? [jobId];
}

/**
 * A batch of documents: fetch each (no in-process retries: BullMQ retries the job with backoff),
 * ingest the fetched ones together, record each. A transient error throws until the last
 * attempt (the batch is retried; documents already synced are unchanged the second time), which
 * records the document failed so the run completes; a permanent one records it failed at once.
 */
export async function processSyncDocuments(
  deps: SyncProcessorDeps,
  job: JobOf<'sync-documents'>,
): Promise<DocumentsJobResult> {
  const { runId, source, refs } = job.data;
  const log = deps.log ?? silentLogger;
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const records = await Promise.all(refs.map((ref) => deps.records.get(source, ref.id)));
  await job.updateProgress({ current: refs.map((r) => r.id).join(', ') });
  const { outcomes, embedded } = await syncDocuments({
    source,
    connector: await connectorOf(deps.registry, source),
    index: deps.index,
    records: deps.records,
    ...(deps.embedder ? { embedder: deps.embedder } : {}),
    mode: job.data.mode ?? 'incremental',
    items: refs.map((ref, i) => ({ ref, record: records[i] })),
    now: deps.clock ?? Date.now,
    retry: { retries: 0 },
    onTransient: lastAttempt ? 'record' : 'throw',
  }).catch(async (err: unknown) => {
    if (deps.rateLimit && isSwitchboardError(err) && err.code === 'RATE_LIMITED') {
      // Back into the queue without spending an attempt; the whole queue waits out the limit.
      const wait = Number(err.details?.retryAfterMs ?? 1000);
      log.warn('sync.rate_limited', { runId, source, docIds: refs.map((r) => r.id), waitMs: wait });
      await deps.rateLimit(wait);
      throw Worker.RateLimitError();
    }
    if (!lastAttempt)
      log.warn('sync.documents.retry', {
        runId,
        source,
        docIds: refs.map((r) => r.id),
        attempt: job.attemptsMade + 1,
        message: (err as Error).message,
      });
    throw err;
  });
  const documents = outcomes.map((outcome, i) => ({ docId: refs[i]?.id ?? '', ...outcome }));
  for (const document of documents) {
    if (document.failure) log.warn('sync.document.failed', { runId, source, ...document.failure });
    else
      log.info('sync.document', {
        runId,
        source,
        docId: document.docId,
        outcome: document.counted,
      });
  }
  return { documents, embedded };
}

/** Index first, then records (a crash in between is repaired by the next run's plan). */
export async function processDeleteDocuments(
  deps: SyncProcessorDeps,
  job: JobOf<'delete-documents'>,
): Promise<DeleteJobResult> {
  const { runId, source, docIds } = job.data;
  await deps.index.deleteDocuments(docIds);
  await deps.records.delete(source, docIds);
  (deps.log ?? silentLogger).info('sync.documents.deleted', { runId, source, docIds });
  return { deleted: docIds.length };
}

/** A schedule firing: a run through `triggerSync`, joining one already going. */
export async function processScheduledSync(
  deps: SyncProcessorDeps,
  job: JobOf<'sync-scheduled'>,
): Promise<{ jobId: string; joined: boolean } | { skipped: 'paused' }> {
  if (await deps.isPaused?.(job.data.source)) {
    (deps.log ?? silentLogger).info('sync.schedule.skipped', {
      source: job.data.source,
      reason: 'paused',
    });
    return { skipped: 'paused' };
  }
  return triggerSync(deps.queue, { ...job.data, trigger: 'schedule' });
}

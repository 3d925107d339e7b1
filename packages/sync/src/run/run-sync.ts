import type { Embedder, KnowledgeIndex } from '@switchboard/core';
import { ingestDocuments } from '@switchboard/knowledge';
import type { Connector, DocumentRef } from '../connector.ts';
import { isPermanentSourceError, isTransientSourceError } from '../errors.ts';
import type { DocumentRecord, DocumentRecordError, RecordStore } from '../records/record-store.ts';
import { fetchWithRetry, type RetryPolicy, type Sleep } from './fetch-with-retry.ts';
import { planSync, type SyncMode } from './plan-sync.ts';
import { type ReconcileReport, reconcile } from './reconcile.ts';

export interface SyncProgress {
  stage: 'listing' | 'fetching' | 'deleting' | 'reconciling' | 'done';
  done: number;
  total: number;
  /** Document being fetched (stage `fetching`). */
  current?: string;
}

export interface RunSyncOptions {
  /** The configured source name; stamped on every document and scoping records and reconcile. */
  source: string;
  connector: Connector;
  index: KnowledgeIndex;
  records: RecordStore;
  /** Without one, chunks are stored without vectors (lexical-only search). */
  embedder?: Embedder;
  /** @defaultValue 'incremental' */
  mode?: SyncMode;
  /** Aborts between documents (and inside connector calls and retry waits). */
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** Epoch milliseconds, for `updatedAt` and `durationMs`. @defaultValue Date.now */
  clock?: () => number;
  /** Backoff for `TransientSourceError`. @defaultValue 3 retries from 500 ms, doubling */
  retry?: RetryPolicy;
  /** Injected so tests do not wait for backoff. @defaultValue a real timer */
  sleep?: Sleep;
}

export interface SyncFailure {
  docId: string;
  reason: string;
  message: string;
}

export interface SyncSummary {
  source: string;
  mode: SyncMode;
  /** Documents indexed for the first time. */
  added: number;
  /** Documents whose chunks changed. */
  updated: number;
  /** Documents not fetched, not modified, or fetched with the same chunks. */
  unchanged: number;
  deleted: number;
  failed: SyncFailure[];
  /** Texts sent to the embedder. */
  embedded: number;
  durationMs: number;
  reconcile: ReconcileReport;
}

/**
 * One sync run of one source, in process: list → plan → fetch and ingest each document →
 * delete what the source no longer lists → reconcile the record store with the index.
 *
 * Why re-running after a crash at any point converges: the index is always written before the
 * record store. A record is put only AFTER `ingestDocuments` has stored the document's chunks, so
 * a crash in between leaves a document without (an up-to-date) record, which the next run
 * re-fetches; chunk ids derive from the text, so that re-ingest embeds nothing already stored.
 * A deletion removes index chunks BEFORE the record, so a crash in between leaves a record whose
 * document the source no longer lists, which the next run deletes again (deleting is idempotent).
 * Anything left over (chunks of a document recorded nowhere, a record whose chunks vanished) is
 * found by `reconcile` at the end of every run and repaired the same idempotent way.
 */
export async function runSync(options: RunSyncOptions): Promise<SyncSummary> {
  const { source, connector, index, records, signal } = options;
  const mode = options.mode ?? 'incremental';
  const clock = options.clock ?? Date.now;
  const progress = options.onProgress ?? (() => {});
  const startedAt = clock();
  const summary: Omit<SyncSummary, 'durationMs' | 'reconcile'> = {
    source,
    mode,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: [],
    embedded: 0,
  };

  progress({ stage: 'listing', done: 0, total: 0 });
  const refs = await connector.list(signal ? { signal } : {});
  const previous = await records.list(source);
  const plan = planSync({ refs, records: previous, mode });
  const recordOf = new Map(previous.map((r) => [r.docId, r]));
  summary.unchanged += plan.unchanged.length;

  const total = plan.toFetch.length;
  for (const [done, ref] of plan.toFetch.entries()) {
    signal?.throwIfAborted();
    progress({ stage: 'fetching', done, total, current: ref.id });
    const outcome = await syncDocument({
      ...options,
      mode,
      ref,
      record: recordOf.get(ref.id),
      now: clock,
    });
    if (outcome.counted) summary[outcome.counted]++;
    summary.embedded += outcome.embedded;
    if (outcome.failure) summary.failed.push(outcome.failure);
  }

  signal?.throwIfAborted();
  progress({ stage: 'deleting', done: 0, total: plan.toDelete.length });
  if (plan.toDelete.length > 0) {
    await index.deleteDocuments(plan.toDelete); // index first: see the crash-safety note above
    await records.delete(source, plan.toDelete);
    summary.deleted = plan.toDelete.length;
  }

  progress({ stage: 'reconciling', done: 0, total: 1 });
  const reconciled = await reconcile({ source, index, records });
  progress({ stage: 'done', done: 1, total: 1 });
  return { ...summary, durationMs: clock() - startedAt, reconcile: reconciled };
}

interface DocumentOutcome {
  /** Failed documents are counted only in `failed`. */
  counted?: 'added' | 'updated' | 'unchanged';
  embedded: number;
  failure?: SyncFailure;
}

interface SyncDocumentOptions extends RunSyncOptions {
  mode: SyncMode;
  ref: DocumentRef;
  record: DocumentRecord | undefined;
  now: () => number;
}

/** Fetches, ingests and records one document; source errors become a failed record, index and Redis errors are thrown. */
async function syncDocument(options: SyncDocumentOptions): Promise<DocumentOutcome> {
  const { source, connector, index, records, embedder, ref, record, now } = options;
  const hadChunks = (record?.chunkIds.length ?? 0) > 0;
  let result: Awaited<ReturnType<typeof fetchWithRetry>>;
  try {
    result = await fetchWithRetry({
      connector,
      ref,
      // A full rebuild wants the content even if the source says it has not changed.
      ...(options.mode !== 'full' && record?.validators ? { validators: record.validators } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  } catch (err) {
    const error = sourceFailure(err);
    if (!error) throw err;
    await putFailed({ records, source, ref, record, error, now });
    return { embedded: 0, failure: { docId: ref.id, ...error } };
  }

  if (result.status === 'not-modified') {
    if (record)
      await records.put(source, { ...record, fingerprint: ref.fingerprint, updatedAt: now() });
    return { counted: 'unchanged', embedded: 0 };
  }

  const report = await ingestDocuments({
    documents: [{ ...result.document, source }],
    index,
    ...(embedder ? { embedder } : {}),
  });
  const ingestFailure = report.failed[0];
  if (ingestFailure) {
    const error = { reason: 'ingest_failed', message: ingestFailure.reason };
    await putFailed({ records, source, ref, record, error, now });
    return { embedded: report.embedded, failure: { docId: ref.id, ...error } };
  }
  // Written only now that the chunks are in the index.
  const chunkIds = (await index.listChunks({ docId: ref.id })).map((c) => c.id).sort();
  await records.put(source, {
    docId: ref.id,
    fingerprint: ref.fingerprint,
    ...(result.validators ? { validators: result.validators } : {}),
    chunkIds,
    status: 'indexed',
    updatedAt: now(),
  });
  const changed = report.added > 0 || report.removed > 0;
  const counted = !hadChunks ? 'added' : changed ? 'updated' : 'unchanged';
  return { counted, embedded: report.embedded };
}

function sourceFailure(err: unknown): DocumentRecordError | undefined {
  if (isPermanentSourceError(err)) return { reason: err.reason, message: err.message };
  if (isTransientSourceError(err)) return { reason: 'transient', message: err.message };
  return undefined;
}

interface PutFailedOptions {
  records: RecordStore;
  source: string;
  ref: DocumentRef;
  record: DocumentRecord | undefined;
  error: DocumentRecordError;
  now: () => number;
}

/** Marks a document failed while keeping the chunk ids the index still holds for it. */
async function putFailed({
  records,
  source,
  ref,
  record,
  error,
  now,
}: PutFailedOptions): Promise<void> {
  await records.put(source, {
    docId: ref.id,
    fingerprint: ref.fingerprint,
    ...(record?.validators ? { validators: record.validators } : {}),
    chunkIds: record?.chunkIds ?? [],
    status: 'failed',
    error,
    updatedAt: now(),
  });
}

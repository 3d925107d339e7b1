import type { Embedder, KnowledgeIndex } from '@switchboard/core';
import type { Connector } from '../connector.ts';
import type { RecordStore } from '../records/record-store.ts';
import type { RetryPolicy, Sleep } from './fetch-with-retry.ts';
import { planSync, type SyncMode } from './plan-sync.ts';
import { type ReconcileReport, reconcile } from './reconcile.ts';
import { type SyncFailure, syncDocuments } from './sync-document.ts';

/**
 * Documents fetched, then ingested together: the unit of `runSync`'s loop and of one
 * `sync-documents` job. Embedder calls carry 100 texts and only the last call of a batch is
 * partial, so a batch should bring several calls' worth of new chunks: at 100 documents even
 * one-chunk pages fill one call, and a help-centre article of 3–10 chunks fills 3–10. Larger
 * batches would save little more and cost elsewhere: a retried job re-fetches all its documents
 * (already stored chunks are not embedded again), progress moves one batch at a time, and a batch
 * holds its fetched texts in memory until it is ingested.
 */
export const DEFAULT_SYNC_BATCH = 100;

export type { SyncFailure } from './sync-document.ts';

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
  /** Documents ingested together. @defaultValue DEFAULT_SYNC_BATCH */
  batchSize?: number;
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
  // Independent reads: the record store answers while the source is listed.
  const [refs, previous] = await Promise.all([
    connector.list(signal ? { signal } : {}),
    records.list(source),
  ]);
  const plan = planSync({ refs, records: previous, mode });
  // Only the documents to fetch need their record at hand (none in an unchanged run).
  const toFetchIds = new Set(plan.toFetch.map((ref) => ref.id));
  const recordOf = new Map(
    previous.filter((r) => toFetchIds.has(r.docId)).map((r) => [r.docId, r]),
  );
  summary.unchanged += plan.unchanged.length;

  const total = plan.toFetch.length;
  const batchSize = options.batchSize ?? DEFAULT_SYNC_BATCH;
  for (let done = 0; done < total; done += batchSize) {
    signal?.throwIfAborted();
    const batch = plan.toFetch.slice(done, done + batchSize);
    progress({ stage: 'fetching', done, total, current: batch[0]?.id ?? '' });
    const { outcomes, embedded } = await syncDocuments({
      source,
      connector,
      index,
      records,
      ...(options.embedder ? { embedder: options.embedder } : {}),
      ...(signal ? { signal } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      mode,
      items: batch.map((ref) => ({ ref, record: recordOf.get(ref.id) })),
      now: clock,
    });
    for (const outcome of outcomes) {
      if (outcome.counted) summary[outcome.counted]++;
      if (outcome.failure) summary.failed.push(outcome.failure);
    }
    summary.embedded += embedded;
  }

  signal?.throwIfAborted();
  progress({ stage: 'deleting', done: 0, total: plan.toDelete.length });
  if (plan.toDelete.length > 0) {
    await index.deleteDocuments(plan.toDelete); // index first: see the crash-safety note above
    await records.delete(source, plan.toDelete);
    summary.deleted = plan.toDelete.length;
  }

  progress({ stage: 'reconciling', done: 0, total: 1 });
  // A run that fetched and deleted nothing wrote no record: the ones it listed are current.
  const wroteNothing = total === 0 && plan.toDelete.length === 0;
  const reconciled = await reconcile({
    source,
    index,
    records,
    ...(wroteNothing ? { recorded: previous } : {}),
  });
  progress({ stage: 'done', done: 1, total: 1 });
  return { ...summary, durationMs: clock() - startedAt, reconcile: reconciled };
}

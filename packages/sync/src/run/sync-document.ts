import type { Embedder, KnowledgeIndex } from '@switchboard/core';
import { ingestDocuments } from '@switchboard/knowledge';
import type { Connector, DocumentRef } from '../connector.ts';
import { isPermanentSourceError, isTransientSourceError } from '../errors.ts';
import type { DocumentRecord, DocumentRecordError, RecordStore } from '../records/record-store.ts';
import { fetchWithRetry, type RetryPolicy, type Sleep } from './fetch-with-retry.ts';
import type { SyncMode } from './plan-sync.ts';

export interface SyncFailure {
  docId: string;
  reason: string;
  message: string;
}

/** What syncing one document did; shared by the in-process run and the job processors. */
export interface DocumentOutcome {
  /** Failed documents are counted only in `failed`. */
  counted?: 'added' | 'updated' | 'unchanged';
  embedded: number;
  failure?: SyncFailure;
}

export interface SyncDocumentOptions {
  source: string;
  connector: Connector;
  index: KnowledgeIndex;
  records: RecordStore;
  embedder?: Embedder;
  mode: SyncMode;
  ref: DocumentRef;
  record: DocumentRecord | undefined;
  now: () => number;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  sleep?: Sleep;
  /**
   * What a `TransientSourceError` left after the in-process retries does: `record` marks the
   * document failed (the run goes on), `throw` hands it to the caller (a job queue retrying it).
   * @defaultValue 'record'
   */
  onTransient?: 'record' | 'throw';
}

/** Fetches, ingests and records one document; source errors become a failed record, index and Redis errors are thrown. */
export async function syncDocument(options: SyncDocumentOptions): Promise<DocumentOutcome> {
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
    if (options.onTransient === 'throw' && isTransientSourceError(err)) throw err;
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

/** A source error as the reason recorded for the document; `undefined` for anything else. */
export function sourceFailure(err: unknown): DocumentRecordError | undefined {
  if (isPermanentSourceError(err)) return { reason: err.reason, message: err.message };
  if (isTransientSourceError(err)) return { reason: 'transient', message: err.message };
  return undefined;
}

export interface PutFailedOptions {
  records: RecordStore;
  source: string;
  ref: DocumentRef;
  record: DocumentRecord | undefined;
  error: DocumentRecordError;
  now: () => number;
}

/** Marks a document failed while keeping the chunk ids the index still holds for it. */
export async function putFailed({
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

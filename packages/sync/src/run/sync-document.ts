import type { Embedder, KnowledgeIndex, SourceDocument } from '@switchboard/core';
import { ingestDocuments } from '@switchboard/knowledge';
import type { Connector, DocumentRef, FetchValidators } from '../connector.ts';
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
  failure?: SyncFailure;
}

export interface SyncDocumentsOptions {
  source: string;
  connector: Connector;
  index: KnowledgeIndex;
  records: RecordStore;
  embedder?: Embedder;
  mode: SyncMode;
  /** The documents, each with its record from the previous runs. */
  items: Array<{ ref: DocumentRef; record: DocumentRecord | undefined }>;
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

/**
 * Fetches several documents one by one, then ingests the fetched ones together (one index write
 * and batched embedding calls for the lot), then records each. Source errors become a failed
 * record; index and Redis errors are thrown. Outcomes are per document, in order; `embedded`
 * counts the texts embedded for the whole batch.
 */
export async function syncDocuments(
  options: SyncDocumentsOptions,
): Promise<{ outcomes: DocumentOutcome[]; embedded: number }> {
  const { source, connector, index, records, embedder, now } = options;
  const outcomes: DocumentOutcome[] = [];
  const fetched: Array<{
    at: number;
    ref: DocumentRef;
    record: DocumentRecord | undefined;
    validators: FetchValidators | undefined;
    document: SourceDocument;
  }> = [];
  for (const { ref, record } of options.items) {
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
      outcomes.push({ failure: { docId: ref.id, ...error } });
      continue;
    }
    if (result.status === 'not-modified') {
      if (record)
        await records.put(source, { ...record, fingerprint: ref.fingerprint, updatedAt: now() });
      outcomes.push({ counted: 'unchanged' });
      continue;
    }
    fetched.push({
      at: outcomes.length,
      ref,
      record,
      validators: result.validators,
      document: { ...result.document, source },
    });
    outcomes.push({}); // filled in below
  }
  if (fetched.length === 0) return { outcomes, embedded: 0 };

  const stored = new Map<string, string[]>();
  const report = await ingestDocuments({
    documents: fetched.map((f) => f.document),
    index,
    ...(embedder ? { embedder } : {}),
    onStored: (docId, chunkIds) => stored.set(docId, chunkIds),
  });
  const failedById = new Map(report.failed.map((f) => [f.docId, f.reason]));
  for (const { at, ref, record, validators } of fetched) {
    const reason = failedById.get(ref.id);
    if (reason !== undefined) {
      const error = { reason: 'ingest_failed', message: reason };
      await putFailed({ records, source, ref, record, error, now });
      outcomes[at] = { failure: { docId: ref.id, ...error } };
      continue;
    }
    // Written only now that the chunks are in the index (the ids the ingest stored, sorted).
    const chunkIds =
      stored.get(ref.id) ?? (await index.listChunks({ docId: ref.id })).map((c) => c.id).sort();
    await records.put(source, {
      docId: ref.id,
      fingerprint: ref.fingerprint,
      ...(validators ? { validators } : {}),
      chunkIds,
      status: 'indexed',
      updatedAt: now(),
    });
    const previous = record?.chunkIds ?? [];
    const counted =
      previous.length === 0
        ? 'added'
        : previous.join('\n') === chunkIds.join('\n')
          ? 'unchanged'
          : 'updated';
    outcomes[at] = { counted };
  }
  return { outcomes, embedded: report.embedded };
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

import type { DocumentRef } from '../connector.ts';
import type { DocumentRecord } from '../records/record-store.ts';

/**
 * - `incremental`: fetch new documents, changed fingerprints and previously failed ones.
 * - `full`: fetch everything (a rebuild; unchanged chunks are still not re-embedded).
 * - `failed-only`: fetch only documents whose last attempt failed.
 */
export type SyncMode = 'incremental' | 'full' | 'failed-only';

export interface PlanSyncOptions {
  refs: DocumentRef[];
  records: DocumentRecord[];
  mode: SyncMode;
}

export interface SyncPlan {
  toFetch: DocumentRef[];
  /** Listed documents that are not fetched this run. */
  unchanged: string[];
  /** Recorded documents the source no longer lists (deleted in every mode). */
  toDelete: string[];
}

/** Decides what a run does from the source listing and the records of the previous runs. Pure. */
export function planSync({ refs, records, mode }: PlanSyncOptions): SyncPlan {
  const byId = new Map<string, DocumentRecord>();
  for (const record of records) byId.set(record.docId, record);
  const listed = new Set<string>();
  const toFetch: DocumentRef[] = [];
  const unchanged: string[] = [];
  for (const ref of refs) {
    if (listed.has(ref.id)) continue; // a connector listing a document twice fetches it once
    listed.add(ref.id);
    if (shouldFetch(ref, byId.get(ref.id), mode)) toFetch.push(ref);
    else unchanged.push(ref.id);
  }
  const toDelete: string[] = [];
  for (const { docId } of records) if (!listed.has(docId)) toDelete.push(docId);
  return { toFetch, unchanged, toDelete };
}

function shouldFetch(
  ref: DocumentRef,
  record: DocumentRecord | undefined,
  mode: SyncMode,
): boolean {
  switch (mode) {
    case 'full':
      return true;
    case 'failed-only':
      return record?.status === 'failed';
    case 'incremental':
      return !record || record.status === 'failed' || record.fingerprint !== ref.fingerprint;
  }
}

import type { KnowledgeIndex } from '@switchboard/core';
import type { DocumentRecord, RecordStore } from '../records/record-store.ts';

export interface ReconcileReport {
  /** No difference between the record store and the index was found. */
  ok: boolean;
  /** Documents whose recorded chunks are not (all) in the index. */
  missingInIndex: string[];
  /** Documents of this source in the index that have no record. */
  orphanedInIndex: string[];
  /** Whether anything was changed to repair the differences. */
  repaired: boolean;
}

export interface ReconcileOptions {
  source: string;
  index: KnowledgeIndex;
  records: RecordStore;
  /**
   * The source's records as they are now, when the caller has just listed them and written none
   * since (an unchanged run): saves reading them again. @defaultValue `records.list(source)`
   */
  recorded?: readonly DocumentRecord[];
}

/**
 * Compares the records of one source with what the index holds for it, and repairs: orphaned
 * documents are deleted from the index (nothing would ever update them), and records of missing
 * documents are dropped so the next run sees them as new and re-fetches them. Both repairs are
 * idempotent, so a crash in the middle is repaired again by the next run.
 */
export async function reconcile({
  source,
  index,
  records,
  recorded: given,
}: ReconcileOptions): Promise<ReconcileReport> {
  const [recorded, indexed] = await Promise.all([
    given ?? records.list(source),
    index.listChunks({ source }),
  ]);
  // One map of the source's chunks (chunk id → document) rather than a set per document.
  const docOfChunk = new Map<string, string>();
  for (const chunk of indexed) docOfChunk.set(chunk.id, chunk.docId);
  const recordedIds = new Set<string>();
  const missingInIndex: string[] = [];
  for (const record of recorded) {
    recordedIds.add(record.docId);
    if (record.chunkIds.some((id) => docOfChunk.get(id) !== record.docId))
      missingInIndex.push(record.docId);
  }
  const orphans = new Set<string>();
  for (const chunk of indexed) if (!recordedIds.has(chunk.docId)) orphans.add(chunk.docId);
  const orphanedInIndex = [...orphans].sort();
  if (orphanedInIndex.length > 0) await index.deleteDocuments(orphanedInIndex);
  if (missingInIndex.length > 0) await records.delete(source, missingInIndex);
  const ok = missingInIndex.length === 0 && orphanedInIndex.length === 0;
  return { ok, missingInIndex, orphanedInIndex, repaired: !ok };
}

import type { KnowledgeIndex } from '@switchboard/core';
import type { RecordStore } from '../records/record-store.ts';

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
}: ReconcileOptions): Promise<ReconcileReport> {
  const [recorded, indexed] = await Promise.all([
    records.list(source),
    index.listChunks({ source }),
  ]);
  const chunksByDoc = new Map<string, Set<string>>();
  for (const chunk of indexed) {
    const ids = chunksByDoc.get(chunk.docId) ?? new Set<string>();
    ids.add(chunk.id);
    chunksByDoc.set(chunk.docId, ids);
  }
  const recordedIds = new Set(recorded.map((r) => r.docId));
  const missingInIndex = recorded
    .filter((r) => {
      const present = chunksByDoc.get(r.docId);
      return r.chunkIds.some((id) => !present?.has(id));
    })
    .map((r) => r.docId);
  const orphanedInIndex = [...chunksByDoc.keys()].filter((docId) => !recordedIds.has(docId)).sort();
  if (orphanedInIndex.length > 0) await index.deleteDocuments(orphanedInIndex);
  if (missingInIndex.length > 0) await records.delete(source, missingInIndex);
  const ok = missingInIndex.length === 0 && orphanedInIndex.length === 0;
  return { ok, missingInIndex, orphanedInIndex, repaired: !ok };
}

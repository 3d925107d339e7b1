import type { KnowledgeIndex } from '@switchboard/core';
import type { RecordStore } from '@switchboard/sync';

/** What a source's sync records say it indexed, against what the index holds for it. */
export interface SourceAgreement {
  source: string;
  /** Documents the records list with at least one chunk. */
  recordedDocuments: number;
  /** Documents of the source with chunks in the index. */
  indexedDocuments: number;
  /** Recorded documents with chunks missing from the index (first 20 ids). */
  missing: string[];
  missingCount: number;
  /** False when the index lost recorded chunks: only a full re-sync puts them back. */
  agrees: boolean;
}

/**
 * Compares one source's records with the index, read-only. An index directory lost (or restored
 * from an old backup) while Redis kept the records shows up here as recorded documents without
 * chunks; an incremental run would skip them as unchanged and serve empty answers.
 */
export async function compareRecordsWithIndex(options: {
  source: string;
  records: RecordStore;
  index: KnowledgeIndex;
}): Promise<SourceAgreement> {
  const { source } = options;
  const [records, chunks] = await Promise.all([
    options.records.list(source),
    options.index.listChunks({ source }),
  ]);
  const present = new Set(chunks.map((c) => c.id));
  // A failed record keeps the chunk ids the index had before the failure: those must be there too.
  const recorded = records.filter((r) => r.chunkIds.length > 0);
  const missing = recorded
    .filter((r) => r.chunkIds.some((id) => !present.has(id)))
    .map((r) => r.docId);
  return {
    source,
    recordedDocuments: recorded.length,
    indexedDocuments: new Set(chunks.map((c) => c.docId)).size,
    missing: missing.slice(0, 20),
    missingCount: missing.length,
    agrees: missing.length === 0,
  };
}

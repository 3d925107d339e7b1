import { stat } from 'node:fs/promises';
import type { Embedder, KnowledgeIndex, SourceDocument } from '@switchboard/core';
import {
  type IngestReport,
  ingestDocuments,
  type LoadResult,
  loadDirectory,
  loadJsonlCorpus,
} from '@switchboard/knowledge';

/** Loads a help-centre folder or a JSONL corpus, whichever the path is. */
export async function loadKnowledge(path: string, source = 'default'): Promise<LoadResult> {
  const info = await stat(path);
  return info.isDirectory() ? loadDirectory(path, { source }) : loadJsonlCorpus(path, { source });
}

export interface KnowledgeSyncReport extends IngestReport {
  /** Documents that were indexed before but are gone from the source. */
  deletedDocuments: number;
  problems: LoadResult['problems'];
}

/**
 * Makes the index mirror the documents: ingests new and changed ones (unchanged chunks are not
 * re-embedded) and deletes documents of this source that disappeared.
 */
export async function syncKnowledge(options: {
  documents: SourceDocument[];
  problems?: LoadResult['problems'];
  index: KnowledgeIndex;
  embedder?: Embedder;
  source?: string;
}): Promise<KnowledgeSyncReport> {
  const report = await ingestDocuments({
    documents: options.documents,
    index: options.index,
    ...(options.embedder ? { embedder: options.embedder } : {}),
  });
  const present = new Set(options.documents.map((d) => d.id));
  const stored = await options.index.listChunks(
    options.source ? { source: options.source } : undefined,
  );
  const gone = [...new Set(stored.map((c) => c.docId))].filter((id) => !present.has(id));
  if (gone.length > 0) await options.index.deleteDocuments(gone);
  return { ...report, deletedDocuments: gone.length, problems: options.problems ?? [] };
}

import { join } from 'node:path';
import { index } from '@langchain/core/indexing';
import type { SourceDocument } from '@switchboard/core';
import { EmbeddedIndex, ingestDocuments } from '@switchboard/knowledge';
import { CountingEmbedder } from './counting-embedder.ts';
import { KnowledgeIndexVectorStore } from './knowledge-index-vector-store.ts';
import { toLangChainDocuments } from './langchain-documents.ts';
import { InMemoryRecordManager } from './memory-record-manager.ts';
import { TimedIndex } from './timed-index.ts';

/** One way of keeping an index in sync with a document set, with its own store and embedder. */
export interface IngestionSide {
  readonly name: 'switchboard' | 'langchain';
  readonly embedder: CountingEmbedder;
  readonly index: TimedIndex;
  /**
   * Brings the index in line with `documents` (the complete set); resolves to what the side
   * says it did (added / deleted / skipped), for the progress log.
   */
  sync(documents: readonly SourceDocument[]): Promise<string>;
  close(): Promise<void>;
}

/** `ingestDocuments`: chunk, diff chunk ids against `listChunks({ docId })`, embed what is new. */
export async function openSwitchboardSide(directory: string): Promise<IngestionSide> {
  const embedder = new CountingEmbedder();
  const store = new TimedIndex(await EmbeddedIndex.open({ directory: join(directory, 'ours') }));
  return {
    name: 'switchboard',
    embedder,
    index: store,
    async sync(documents) {
      const report = await ingestDocuments({ documents: [...documents], index: store, embedder });
      if (report.failed.length > 0) throw new Error(`ingest failed: ${report.failed[0]?.reason}`);
      return `added ${report.added}, removed ${report.removed}, unchanged ${report.unchanged}`;
    },
    close: () => store.close(),
  };
}

/**
 * LangChain's `index()` with incremental cleanup over the same splitter (our `chunkDocument`,
 * inside the timed region as on our side), the same embedder and the same kind of store.
 * `batchSize` is `index()`'s own option (LangChain's default: 100 documents).
 */
export async function openLangChainSide(
  directory: string,
  options: { batchSize?: number } = {},
): Promise<IngestionSide> {
  const embedder = new CountingEmbedder();
  const store = new TimedIndex(
    await EmbeddedIndex.open({ directory: join(directory, 'langchain') }),
  );
  const vectorStore = new KnowledgeIndexVectorStore({ index: store, embeddings: embedder });
  const recordManager = new InMemoryRecordManager();
  await recordManager.createSchema();
  return {
    name: 'langchain',
    embedder,
    index: store,
    async sync(documents) {
      const result = await index({
        docsSource: await toLangChainDocuments(documents),
        recordManager,
        vectorStore,
        options: {
          cleanup: 'incremental',
          sourceIdKey: 'source',
          ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        },
      });
      return `added ${result.numAdded}, deleted ${result.numDeleted}, skipped ${result.numSkipped}`;
    },
    close: () => store.close(),
  };
}

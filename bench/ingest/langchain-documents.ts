import { Document } from '@langchain/core/documents';
import type { SourceDocument } from '@switchboard/core';
import { chunkDocument } from '@switchboard/knowledge';
import type { ChunkMetadata } from './knowledge-index-vector-store.ts';

/**
 * Our splitter's output as LangChain documents: one per chunk, `pageContent` = chunk text,
 * `metadata.source` = document id (the `sourceIdKey` of incremental cleanup). Title and section
 * path ride along in metadata, so LangChain's hash covers what our chunk fingerprint covers.
 */
export async function toLangChainDocuments(
  documents: readonly SourceDocument[],
): Promise<Document<ChunkMetadata>[]> {
  const out: Document<ChunkMetadata>[] = [];
  for (const doc of documents) {
    for (const chunk of await chunkDocument(doc)) {
      out.push(
        new Document<ChunkMetadata>({
          pageContent: chunk.text,
          metadata: { source: chunk.docId, title: chunk.title, sectionPath: chunk.sectionPath },
        }),
      );
    }
  }
  return out;
}

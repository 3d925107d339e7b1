import { Document } from '@langchain/core/documents';
import type { SourceDocument } from '@switchboard/core';
import { chunkDocument } from '@switchboard/knowledge';

/** Metadata of every chunk handed to LangChain: its hash covers what our chunk fingerprint covers. */
export interface ChunkMetadata {
  /** The document id: LangChain's `sourceIdKey` for incremental cleanup. */
  source: string;
  title: string;
  sectionPath: string[];
}

/**
 * Our splitter's output as LangChain documents: one per chunk, `pageContent` = chunk text,
 * `metadata.source` = document id (the `sourceIdKey` of incremental cleanup). A document's
 * chunks are adjacent, in order.
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

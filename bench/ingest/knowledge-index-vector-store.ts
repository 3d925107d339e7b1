import type { DocumentInterface } from '@langchain/core/documents';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import type { EmbeddedChunk, KnowledgeIndex } from '@switchboard/core';
import { embeddingText } from '@switchboard/knowledge';

/** What `index()` passes to `addDocuments` (the type is not exported by `@langchain/core`). */
type AddDocumentOptions = { ids?: unknown };

/** Metadata every document handed to this store carries (see `toLangChainDocuments`). */
export interface ChunkMetadata {
  /** The document id: LangChain's `sourceIdKey` for incremental cleanup. */
  source: string;
  title: string;
  sectionPath: string[];
}

/**
 * A Switchboard `KnowledgeIndex` seen as a LangChain `VectorStore`, so LangChain's `index()`
 * writes to the very same storage as our ingestion. Chunks are stored under the ids LangChain
 * passes (its content hashes); the embedded text is built exactly as ours (`embeddingText`), so
 * both sides send the embedder the same texts.
 */
export class KnowledgeIndexVectorStore extends VectorStore {
  declare FilterType: { docIds?: string[] };
  readonly #index: KnowledgeIndex;

  constructor(options: { index: KnowledgeIndex; embeddings: EmbeddingsInterface }) {
    super(options.embeddings, {});
    this.#index = options.index;
  }

  _vectorstoreType(): string {
    return 'switchboard-knowledge-index';
  }

  async addDocuments(
    documents: DocumentInterface[],
    options?: AddDocumentOptions,
  ): Promise<string[]> {
    const texts = documents.map((d) => {
      const { title, sectionPath } = metadataOf(d);
      return embeddingText({ title, sectionPath, text: d.pageContent });
    });
    return this.addVectors(await this.embeddings.embedDocuments(texts), documents, options);
  }

  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: AddDocumentOptions,
  ): Promise<string[]> {
    const ids = idsOf(options, documents.length);
    if (vectors.length !== documents.length) {
      throw new Error(`${vectors.length} vectors for ${documents.length} documents`);
    }
    const chunks = documents.map((d, i): EmbeddedChunk => {
      const { source, title, sectionPath } = metadataOf(d);
      const id = ids[i]!;
      // Position is not part of LangChain's hash (only content + metadata are), so it is not
      // carried either: a shifted chunk must not look changed to one side only.
      return {
        id,
        docId: source,
        title,
        sectionPath,
        text: d.pageContent,
        hash: id,
        position: 0,
        vector: vectors[i]!,
      };
    });
    await this.#index.upsert(chunks);
    return ids;
  }

  override async delete(params?: { ids?: string[] }): Promise<void> {
    if (params?.ids && params.ids.length > 0) await this.#index.deleteChunks(params.ids);
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this['FilterType'],
  ): Promise<[DocumentInterface, number][]> {
    const hits = await this.#index.search({
      text: '',
      vector: query,
      limit: k,
      ...(filter?.docIds ? { filter: { docIds: filter.docIds } } : {}),
    });
    return hits.map(({ chunk, dense, score }) => [
      new Document({
        id: chunk.id,
        pageContent: chunk.text,
        metadata: { source: chunk.docId, title: chunk.title, sectionPath: chunk.sectionPath },
      }),
      dense ?? score,
    ]);
  }
}

function idsOf(options: AddDocumentOptions | undefined, count: number): string[] {
  const ids: unknown = options?.ids;
  if (!Array.isArray(ids) || ids.length !== count || !ids.every((id) => typeof id === 'string')) {
    // `index()` always passes one id per document; ids made up here would break its bookkeeping.
    throw new Error(`addDocuments needs options.ids with one string id per document (${count})`);
  }
  return ids as string[];
}

function metadataOf(document: DocumentInterface): ChunkMetadata {
  const { source, title, sectionPath } = document.metadata as Partial<ChunkMetadata>;
  if (typeof source !== 'string' || typeof title !== 'string' || !Array.isArray(sectionPath)) {
    throw new Error('document metadata needs source, title and sectionPath');
  }
  return { source, title, sectionPath };
}

import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';

interface MemoryVector {
  content: string;
  embedding: number[];
  metadata: Record<string, unknown>;
  id: string;
}

/**
 * LangChain's own in-memory vector store, `MemoryVectorStore` (langchainjs
 * `libs/langchain-classic/src/vectorstores/memory.ts`), ported because `@langchain/classic` is not
 * installed here (and the umbrella `langchain` package cannot be, see PITFALLS.md). Same
 * embedding (`pageContent` through `embedDocuments`), same cosine scan for search. Upstream
 * cannot run under `index()` with cleanup at all: it has no `delete` (the base class throws)
 * and ignores the ids `index()` passes. So this port keeps vectors in a Map under the ids it is
 * given and deletes by id (a re-added id overwrites instead of duplicating). Nothing here is
 * slower than upstream; adding is faster (upstream copies the whole array on every add).
 */
export class MemoryVectorStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean;
  readonly #vectors = new Map<string, MemoryVector>();

  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return 'memory';
  }

  get size(): number {
    return this.#vectors.size;
  }

  async addDocuments(documents: DocumentInterface[], options?: { ids?: string[] }) {
    const texts = documents.map(({ pageContent }) => pageContent);
    return this.addVectors(await this.embeddings.embedDocuments(texts), documents, options);
  }

  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    const ids = documents.map((d, i) => options?.ids?.[i] ?? d.id ?? crypto.randomUUID());
    vectors.forEach((embedding, i) => {
      const { pageContent: content, metadata } = documents[i]!;
      this.#vectors.set(ids[i]!, { content, embedding, metadata, id: ids[i]! });
    });
    return ids;
  }

  override async delete(params?: { ids?: string[] }): Promise<void> {
    for (const id of params?.ids ?? []) this.#vectors.delete(id);
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this['FilterType'],
  ): Promise<[DocumentInterface, number][]> {
    const documentOf = (v: MemoryVector) =>
      new Document({ pageContent: v.content, metadata: v.metadata, id: v.id });
    return [...this.#vectors.values()]
      .filter((v) => !filter || filter(documentOf(v)))
      .map((v) => ({ v, similarity: cosine(query, v.embedding) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k)
      .map(({ v, similarity }) => [documentOf(v), similarity]);
  }
}

/** Upstream's `cosine` (its ml-distance copy). */
function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return dot / (Math.sqrt(aa) * Math.sqrt(bb));
}

import type { Embedder, KnowledgeIndex, Retrieval, Retriever } from '@switchboard/core';

export interface KnowledgeRetrieverOptions {
  index: KnowledgeIndex;
  /** Embeds the query for the dense side; without one, retrieval is lexical only. */
  embedder?: Embedder;
  /**
   * Hits returned when the caller does not ask for a number.
   * @defaultValue 8
   */
  limit?: number;
  /**
   * Longest wait for the query embedding; past it the search is lexical-only. The provider
   * embedders enforce their own (shorter) limit and cancel the request; this one guards any
   * embedder. @defaultValue 10_000
   */
  queryEmbeddingTimeoutMs?: number;
  /** Told when a query could not be embedded and the search went lexical-only. */
  onQueryEmbeddingFailed?: (error: unknown) => void;
}

const DEFAULT_LIMIT = 8;
const DEFAULT_EMBEDDING_TIMEOUT_MS = 10_000;

/** Hybrid retrieval over a `KnowledgeIndex`: embeds the query (when it can) and searches. */
export class KnowledgeRetriever implements Retriever {
  readonly #index: KnowledgeIndex;
  readonly #embedder: Embedder | undefined;
  readonly #limit: number;
  readonly #embeddingTimeoutMs: number;
  readonly #onEmbeddingFailed: ((error: unknown) => void) | undefined;

  constructor(options: KnowledgeRetrieverOptions) {
    this.#index = options.index;
    this.#embedder = options.embedder;
    this.#limit = options.limit ?? DEFAULT_LIMIT;
    this.#embeddingTimeoutMs = options.queryEmbeddingTimeoutMs ?? DEFAULT_EMBEDDING_TIMEOUT_MS;
    this.#onEmbeddingFailed = options.onQueryEmbeddingFailed;
  }

  /**
   * Searches the index for `query`. `evidence` is the best hit's lexical `coverage` (the
   * IDF-weighted share of the query's terms the chunk contains), or 0 without hits. It is a raw
   * signal, not yet calibrated: the router maps it to a probability of being answerable
   * together with its own thresholds. A best hit found by the dense side alone has no coverage
   * and yields 0. When the query cannot be embedded (provider down, slow, or its circuit open)
   * the search is lexical-only: the customer still gets an answer, from the words alone.
   */
  async retrieve(query: string, options?: { limit?: number }): Promise<Retrieval> {
    if (!query.trim()) return { query, hits: [], evidence: 0 };
    const vector = this.#embedder ? await this.#embedQuery(this.#embedder, query) : undefined;
    const limit = options?.limit ?? this.#limit;
    const hits = await this.#index.search(
      vector ? { text: query, vector, limit } : { text: query, limit },
    );
    return { query, hits, evidence: hits[0]?.coverage ?? 0 };
  }

  /** The query's vector, or undefined (lexical-only search) when embedding fails or is slow. */
  async #embedQuery(embedder: Embedder, query: string): Promise<number[] | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`query embedding took over ${this.#embeddingTimeoutMs} ms`)),
        this.#embeddingTimeoutMs,
      );
    });
    try {
      return await Promise.race([embedder.embedQuery(query), timeout]);
    } catch (error) {
      this.#onEmbeddingFailed?.(error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

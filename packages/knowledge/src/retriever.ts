import {
  type Embedder,
  isSwitchboardError,
  type KnowledgeIndex,
  type Retrieval,
  type Retriever,
  SwitchboardError,
} from '@switchboard/core';

export interface KnowledgeRetrieverOptions {
  index: KnowledgeIndex;
  /** Embeds the query for the dense side; without one, retrieval is lexical only. */
  embedder?: Embedder;
  /**
   * Hits returned when the caller does not ask for a number.
   * @defaultValue 8
   */
  limit?: number;
}

const DEFAULT_LIMIT = 8;

/** Hybrid retrieval over a `KnowledgeIndex`: embeds the query (when it can) and searches. */
export class KnowledgeRetriever implements Retriever {
  readonly #index: KnowledgeIndex;
  readonly #embedder: Embedder | undefined;
  readonly #limit: number;

  constructor(options: KnowledgeRetrieverOptions) {
    this.#index = options.index;
    this.#embedder = options.embedder;
    this.#limit = options.limit ?? DEFAULT_LIMIT;
  }

  /**
   * Searches the index for `query`. `evidence` is the best hit's lexical `coverage` (the
   * IDF-weighted share of the query's terms the chunk contains), or 0 without hits. It is a raw
   * signal, not yet calibrated: the router maps it to a probability of being answerable
   * together with its own thresholds. A best hit found by the dense side alone has no coverage
   * and yields 0.
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

  async #embedQuery(embedder: Embedder, query: string): Promise<number[]> {
    try {
      return await embedder.embedQuery(query);
    } catch (err) {
      if (isSwitchboardError(err)) throw err;
      throw new SwitchboardError('PROVIDER_FAILED', `Embedder ${embedder.id} failed on the query`, {
        cause: err,
      });
    }
  }
}

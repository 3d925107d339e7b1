import type { Chunk } from '@switchboard/core';
import MiniSearch from 'minisearch';

/**
 * MiniSearch (an inverted index with BM25+ scoring) over the same chunks as our index, at its
 * defaults (its own tokenizer, lower-casing, exact terms: prefix and fuzzy matching only cost
 * time on queries made of exact words). The chunk's title trail is one field, its text another,
 * as our engine separates headings from the body. MiniSearch has no top-k: a search scores and
 * sorts every matching chunk, and the first `limit` are kept.
 */
export class MiniSearchEngine {
  readonly #index = new MiniSearch<{ id: string; title: string; text: string }>({
    fields: ['title', 'text'],
  });

  constructor(chunks: readonly Chunk[]) {
    this.#index.addAll(
      chunks.map((c) => ({ id: c.id, title: [c.title, ...c.sectionPath].join(' '), text: c.text })),
    );
  }

  search(query: string, limit: number): string[] {
    return this.#index
      .search(query)
      .slice(0, limit)
      .map((r) => String(r.id));
  }
}

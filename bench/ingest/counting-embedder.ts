import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '@switchboard/core';

export const COUNTING_EMBEDDER_DIMENSIONS = 64;

/**
 * The one embedder both sides of the ingestion benchmark share: a bag of lower-cased words
 * hashed (FNV-1a) into 64 dimensions, L2-normalised. Deterministic and local, so timings measure
 * the indexing machinery rather than a provider; it counts every text it embeds, which is the
 * number a paid provider would bill. It is at once our `Embedder` and LangChain's `Embeddings`.
 */
export class CountingEmbedder extends Embeddings implements Embedder {
  readonly id = 'bench-fnv-64';
  /** Texts embedded by `embedDocuments` since construction or the last `reset()`. */
  texts = 0;
  /** `embedDocuments` calls since construction or the last `reset()`. */
  calls = 0;

  constructor() {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    this.texts += texts.length;
    return texts.map(hashedBagOfWords);
  }

  async embedQuery(text: string): Promise<number[]> {
    return hashedBagOfWords(text);
  }

  reset(): void {
    this.texts = 0;
    this.calls = 0;
  }
}

export function hashedBagOfWords(text: string): number[] {
  const vector = new Array<number>(COUNTING_EMBEDDER_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    const slot = fnv1a(word) % COUNTING_EMBEDDER_DIMENSIONS;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector);
  // A text without words still needs a finite, non-zero vector for the index to accept it.
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((x) => x / norm);
}

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

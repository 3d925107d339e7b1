import type { Chunk, ScoredChunk } from '@switchboard/core';
import type { LexicalHit } from '../lexical/lexical-index.ts';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.ts';

export interface DenseHit {
  id: string;
  /** Cosine similarity. */
  similarity: number;
}

/**
 * Fuses the lexical and dense rankings by reciprocal rank fusion into `ScoredChunk`s, best first,
 * keeping each side's raw score (and the lexical coverage) for callers that calibrate.
 */
export function fuseHits(input: {
  lexical: LexicalHit[];
  dense: DenseHit[];
  chunkOf: (id: string) => Chunk | undefined;
}): ScoredChunk[] {
  const fused = reciprocalRankFusion([
    input.lexical.map((h) => h.id),
    input.dense.map((h) => h.id),
  ]);
  const lexicalById = new Map(input.lexical.map((h) => [h.id, h]));
  const denseById = new Map(input.dense.map((h) => [h.id, h.similarity]));
  const results: ScoredChunk[] = [];
  for (const [id, score] of fused) {
    const chunk = input.chunkOf(id);
    if (chunk === undefined) continue; // written by another process after our last sync
    const hit: ScoredChunk = { chunk, score };
    const lexical = lexicalById.get(id);
    if (lexical) {
      hit.lexical = lexical.score;
      hit.coverage = lexical.coverage;
    }
    const dense = denseById.get(id);
    if (dense !== undefined) hit.dense = dense;
    results.push(hit);
  }
  // Ties (rank 1 on one side vs rank 1 on the other) fall back to the raw lexical score, then
  // the id, so equal inputs always give the same order.
  return results.sort(
    (a, b) =>
      b.score - a.score ||
      (b.lexical ?? 0) - (a.lexical ?? 0) ||
      (a.chunk.id < b.chunk.id ? -1 : a.chunk.id > b.chunk.id ? 1 : 0),
  );
}

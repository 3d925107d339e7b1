/**
 * Ranking metrics for retrieval evaluation. Each takes one question's ranked, distinct document
 * ids (best first) and the set of relevant ids; relevance is binary.
 */

function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/** 1 when a relevant document is among the first `k`, else 0. */
export function hitAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number {
  assertK(k);
  return ranked.slice(0, k).some((id) => relevant.has(id)) ? 1 : 0;
}

/** Reciprocal rank of the first relevant document within the first `k` (0 when none). */
export function mrrAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number {
  assertK(k);
  const index = ranked.slice(0, k).findIndex((id) => relevant.has(id));
  return index === -1 ? 0 : 1 / (index + 1);
}

/**
 * Normalised discounted cumulative gain at `k` with binary gains: DCG over the first `k`
 * divided by the DCG of an ideal ranking that puts min(|relevant|, k) relevant documents first.
 */
export function ndcgAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number {
  assertK(k);
  if (relevant.size === 0) return 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/**
 * The p-th percentile (p in [0, 100]) by linear interpolation between closest ranks
 * (the same definition as numpy's default). NaN for an empty list.
 */
export function percentile(values: readonly number[], p: number): number {
  if (p < 0 || p > 100 || Number.isNaN(p)) throw new RangeError(`p must be in [0, 100], got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

/**
 * Folds chunk hits to distinct document ids, best first: a document ranks by its best chunk.
 * Ties keep the order of first appearance, so an already-ranked list keeps its order.
 */
export function foldToDocuments(hits: ReadonlyArray<{ docId: string; score: number }>): string[] {
  const best = new Map<string, { score: number; order: number }>();
  hits.forEach((hit, order) => {
    const seen = best.get(hit.docId);
    if (!seen) best.set(hit.docId, { score: hit.score, order });
    else if (hit.score > seen.score) seen.score = hit.score;
  });
  return [...best.entries()]
    .sort(([, a], [, b]) => b.score - a.score || a.order - b.order)
    .map(([docId]) => docId);
}

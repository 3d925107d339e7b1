/** The `k` of reciprocal rank fusion from Cormack et al. (2009), used by most hybrid engines. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each ranked list gives its item at rank r (from 1) `1 / (k + r)`, and an
 * item's score is the sum over the lists it appears in. Only ranks matter, so lists with
 * incomparable scores (BM25F vs cosine) fuse without calibration.
 */
export function reciprocalRankFusion(
  rankings: ReadonlyArray<readonly string[]>,
  k: number = RRF_K,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
    });
  }
  return scores;
}

import { decisionScores, type LinearModel } from './linear-model.ts';
import { type PairwiseModel, pairwiseMargins } from './pairwise-svm.ts';
import type { SparseMatrix } from './sparse-matrix.ts';
import type { SparseVector } from './tfidf-vectorizer.ts';

/** The trained parts that turn a query vector into per-class signals. */
export interface SignalModel {
  base: LinearModel;
  pairwise: PairwiseModel | null;
  /** Training vectors: the pairwise experts are stored in dual form over them. */
  x: SparseMatrix;
  rerankTop: number;
  /** Dense scratch of the feature dimension (single-threaded, reused across calls). */
  scratch: Float64Array;
}

/** Indices of the `k` largest values, best first. */
export function topIndices(values: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < values.length; c++) {
    let at = out.length;
    while (at > 0 && values[out[at - 1]!]! < values[c]!) at--;
    if (at < k) {
      out.splice(at, 0, c);
      if (out.length > k) out.pop();
    }
  }
  return out;
}

/**
 * Two signals per class: the multiclass SVM score, and the pairwise experts' vote among the
 * SVM's top candidates (sum of margins against the other candidates). Classes outside the
 * candidates get the vote of losing every duel by the SVM's unit margin, `-(k - 1)`. The
 * calibration learns how to weigh the two.
 */
export function computeSignals(model: SignalModel, query: SparseVector): Float64Array[] {
  const scores = decisionScores(model.base, query);
  const votes = new Float64Array(scores.length);
  const k = Math.min(model.rerankTop, scores.length);
  if (model.pairwise && k >= 2) {
    const candidates = topIndices(scores, k);
    votes.fill(-(k - 1));
    const margins = pairwiseMargins({
      model: model.pairwise,
      x: model.x,
      query,
      candidates,
      scratch: model.scratch,
    });
    candidates.forEach((c, i) => {
      votes[c] = margins[i]!.reduce((sum, m) => sum + m, 0);
    });
  }
  return [scores, votes];
}

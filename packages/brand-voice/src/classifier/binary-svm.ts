import { shuffleInPlace } from '@switchboard/text';
import type { SparseMatrix } from './sparse-matrix.ts';

export interface BinarySvmProblem {
  x: SparseMatrix;
  /** Matrix rows that form this problem. */
  rows: Int32Array;
  /** +1 / -1 per entry of `rows`. */
  y: Int8Array;
  /** Dual coefficients per entry of `rows`: the warm start on input, the solution on output. */
  alpha: Float64Array;
  /** Dense weight scratch; must hold `Σ alpha·y·x` on input (zero for a cold start). */
  w: Float64Array;
  C: number;
  tolerance: number;
  maxEpochs: number;
  random: () => number;
}

/**
 * L2-regularised, L2-loss linear SVM solved in the dual by coordinate descent with shrinking
 * (Hsieh et al. 2008; liblinear's `solve_l2r_l1l2_svc`). The bias is a constant feature 1, so it
 * is folded into the dual: `bias = Σ alpha·y`. Returns that bias; `alpha` and `w` are updated.
 */
export function solveBinarySvm(problem: BinarySvmProblem): number {
  const { x, rows, y, alpha, w, tolerance } = problem;
  const { indptr, indices, values } = x;
  const n = rows.length;
  const diag = 0.5 / problem.C;
  const qd = new Float64Array(n);
  let bias = 0;
  for (let j = 0; j < n; j++) {
    const i = rows[j]!;
    let sq = 1;
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) sq += values[k]! * values[k]!;
    qd[j] = sq + diag;
    bias += alpha[j]! * y[j]!;
  }
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  let active = n;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  for (let epoch = 0; epoch < problem.maxEpochs; epoch++) {
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    shuffleInPlace(order, problem.random, active);
    for (let s = 0; s < active; s++) {
      const j = order[s]!;
      const i = rows[j]!;
      const yj = y[j]!;
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      let dot = bias;
      for (let k = start; k < end; k++) dot += w[indices[k]!]! * values[k]!;
      const aj = alpha[j]!;
      const g = yj * dot - 1 + aj * diag;
      let pg = g;
      if (aj === 0) {
        if (g > pgMaxOld) {
          // Shrink: well outside the margin, unlikely to become a support vector.
          active--;
          order[s] = order[active]!;
          order[active] = j;
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (pg !== 0) {
        const next = Math.max(aj - g / qd[j]!, 0);
        alpha[j] = next;
        const d = (next - aj) * yj;
        for (let k = start; k < end; k++) w[indices[k]!]! += d * values[k]!;
        bias += d;
      }
    }
    if (pgMax - pgMin <= tolerance) {
      if (active === n) break;
      // Converged on the shrunk set: check everything once more before stopping.
      active = n;
      pgMaxOld = Number.POSITIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
  }
  return bias;
}

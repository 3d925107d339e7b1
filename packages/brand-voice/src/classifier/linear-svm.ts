import { createRandom, shuffleInPlace } from './random.ts';
import type { SparseMatrix } from './sparse-matrix.ts';

export interface SvmOptions {
  /** Inverse regularisation strength. */
  C: number;
  /** Stop when the projected-gradient spread falls below this (liblinear's `eps`). */
  tolerance: number;
  /** Hard cap on passes over the active set. */
  maxEpochs: number;
  seed: number;
}

/** One-vs-rest linear model: `score[c] = bias[c] + Σ_f x[f] · weights[f * classCount + c]`. */
export interface LinearModel {
  classCount: number;
  dimension: number;
  /** Feature-major, so scoring a sparse vector reads one contiguous row per feature. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface OneVsRestResult {
  model: LinearModel;
  /** Dual variables per class (one per training row), reusable as a warm start. */
  alphas: Float64Array[];
}

/**
 * L2-regularised, L2-loss linear SVM solved in the dual by coordinate descent with shrinking
 * (Hsieh et al. 2008; liblinear's `solve_l2r_l1l2_svc`). The bias is an extra constant feature,
 * regularised like the others, as liblinear does. `alpha` is the warm start and is updated in place.
 */
function trainBinary(
  x: SparseMatrix,
  y: Int8Array,
  alpha: Float64Array,
  options: SvmOptions & { dimension: number; random: () => number },
): { w: Float64Array; bias: number } {
  const { indptr, indices, values, rows } = x;
  const diag = 0.5 / options.C;
  const w = new Float64Array(options.dimension);
  let bias = 0;
  const qd = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sq = 1; // the bias feature
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) sq += values[k]! * values[k]!;
    qd[i] = sq + diag;
    const a = alpha[i]!;
    if (a !== 0) {
      const d = a * y[i]!;
      for (let k = indptr[i]!; k < indptr[i + 1]!; k++) w[indices[k]!]! += d * values[k]!;
      bias += d;
    }
  }
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  let active = rows;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  let pgMinOld = Number.NEGATIVE_INFINITY;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    shuffleInPlace(order, options.random, active);
    for (let s = 0; s < active; s++) {
      const i = order[s]!;
      const yi = y[i]!;
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      let dot = bias;
      for (let k = start; k < end; k++) dot += w[indices[k]!]! * values[k]!;
      const ai = alpha[i]!;
      const g = yi * dot - 1 + ai * diag;
      let pg = g;
      if (ai === 0) {
        if (g > pgMaxOld) {
          // Shrink: this example sits well outside the margin and is unlikely to become a support vector.
          active--;
          order[s] = order[active]!;
          order[active] = i;
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const next = Math.max(ai - g / qd[i]!, 0);
        alpha[i] = next;
        const d = (next - ai) * yi;
        for (let k = start; k < end; k++) w[indices[k]!]! += d * values[k]!;
        bias += d;
      }
    }
    if (pgMax - pgMin <= options.tolerance) {
      if (active === rows) break;
      // Converged on the shrunk set: check once more on everything before stopping.
      active = rows;
      pgMaxOld = Number.POSITIVE_INFINITY;
      pgMinOld = Number.NEGATIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
    pgMinOld = pgMin >= 0 ? Number.NEGATIVE_INFINITY : pgMin;
  }
  return { w, bias };
}

/**
 * Trains one binary SVM per class. `warmStart`, when given, holds per-class dual variables aligned
 * with the rows of `x` (e.g. from a model trained on a subset), which makes retraining cheap.
 */
export function trainOneVsRest(input: {
  x: SparseMatrix;
  labels: Int32Array;
  classCount: number;
  dimension: number;
  options: SvmOptions;
  warmStart?: Float64Array[];
}): OneVsRestResult {
  const { x, labels, classCount, dimension, options } = input;
  const weights = new Float32Array(dimension * classCount);
  const bias = new Float32Array(classCount);
  const alphas: Float64Array[] = [];
  const random = createRandom(options.seed);
  const y = new Int8Array(x.rows);
  for (let c = 0; c < classCount; c++) {
    for (let i = 0; i < x.rows; i++) y[i] = labels[i] === c ? 1 : -1;
    const alpha = input.warmStart?.[c]?.slice() ?? new Float64Array(x.rows);
    const { w, bias: b } = trainBinary(x, y, alpha, { ...options, dimension, random });
    for (let f = 0; f < dimension; f++) weights[f * classCount + c] = w[f]!;
    bias[c] = b;
    alphas.push(alpha);
  }
  return { model: { classCount, dimension, weights, bias }, alphas };
}

/** Raw decision values of every class for one sparse vector. */
export function decisionScores(
  model: LinearModel,
  vector: { indices: Int32Array; values: Float32Array },
): Float64Array {
  const { classCount, weights } = model;
  const scores = Float64Array.from(model.bias);
  for (let k = 0; k < vector.indices.length; k++) {
    const row = vector.indices[k]! * classCount;
    const v = vector.values[k]!;
    for (let c = 0; c < classCount; c++) scores[c]! += v * weights[row + c]!;
  }
  return scores;
}

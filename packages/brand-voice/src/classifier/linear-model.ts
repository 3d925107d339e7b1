import type { SparseMatrix } from './sparse-matrix.ts';
import type { SparseVector } from './tfidf-vectorizer.ts';

/** Multiclass linear model: `score[c] = bias[c] + Σ_f x[f] · weights[f * classCount + c]`. */
export interface LinearModel {
  classCount: number;
  dimension: number;
  /** Feature-major, so scoring a sparse vector reads one contiguous row per feature. */
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Dual coefficients of a multiclass SVM, stored sparsely: `slots[j] = row * classCount + class`
 * and `values[j]` its coefficient. Most rows are not support vectors, so this is far smaller than
 * the weights it generates.
 */
export interface DualCoefficients {
  slots: Int32Array;
  values: Float32Array;
}

/** Raw decision values of every class for one sparse vector. */
export function decisionScores(model: LinearModel, vector: SparseVector): Float64Array {
  const { classCount, weights } = model;
  const scores = Float64Array.from(model.bias);
  for (let k = 0; k < vector.indices.length; k++) {
    const row = vector.indices[k]! * classCount;
    const v = vector.values[k]!;
    for (let c = 0; c < classCount; c++) scores[c] = scores[c]! + v * weights[row + c]!;
  }
  return scores;
}

/**
 * Rebuilds the primal weights `w_c = Σ_i alpha[i][c] · x_i` (bias = constant feature 1). Training
 * and loading both go through here, so a model restored from JSON predicts bit-for-bit the same.
 */
export function primalFromDual(input: {
  x: SparseMatrix;
  dual: DualCoefficients;
  classCount: number;
  dimension: number;
}): LinearModel {
  const { x, dual, classCount, dimension } = input;
  const sums = new Float64Array(dimension * classCount);
  const bias = new Float64Array(classCount);
  for (let j = 0; j < dual.slots.length; j++) {
    const slot = dual.slots[j]!;
    const row = Math.floor(slot / classCount);
    const c = slot - row * classCount;
    const a = dual.values[j]!;
    for (let k = x.indptr[row]!; k < x.indptr[row + 1]!; k++) {
      const at = x.indices[k]! * classCount + c;
      sums[at] = sums[at]! + a * x.values[k]!;
    }
    bias[c] = bias[c]! + a;
  }
  return { classCount, dimension, weights: Float32Array.from(sums), bias: Float32Array.from(bias) };
}

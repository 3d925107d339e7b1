import { seededRandom } from '@switchboard/text';
import { solveBinarySvm } from './binary-svm.ts';
import type { SparseMatrix } from './sparse-matrix.ts';
import type { SparseVector } from './tfidf-vectorizer.ts';

/**
 * One linear SVM per pair of classes (one-vs-one), kept in dual form: `alpha` holds one
 * coefficient per training row of the two classes, so the model is as small as the training set
 * and a pair's margin is a weighted sum of dot products with those rows. The pairwise experts
 * separate the near-synonymous intents that a one-vs-rest model confuses (e.g. "pending" vs
 * "failed" transfer); they only re-rank the base model's top candidates.
 */
export interface PairwiseModel {
  classCount: number;
  /** Training rows of each class, in matrix order. */
  rowsByClass: Int32Array[];
  /** Offset of each pair's coefficients in `alpha`, indexed by {@link pairIndex}. */
  offsets: Int32Array;
  /**
   * Per pair (a < b): coefficients of the rows of `a`, then of the rows of `b`. The bias is a
   * constant feature, so it needs no separate storage: `bias = Σ alpha · y`.
   */
  alpha: Float32Array;
}

export interface PairwiseOptions {
  C: number;
  tolerance: number;
  maxEpochs: number;
  seed: number;
}

/** Index of the unordered pair (a, b), a < b, in row-major upper-triangle order. */
export function pairIndex(a: number, b: number, classCount: number): number {
  return a * classCount - (a * (a + 1)) / 2 + (b - a - 1);
}

export function groupRowsByClass(
  labels: Int32Array,
  rows: Int32Array,
  classCount: number,
): Int32Array[] {
  const lists: number[][] = Array.from({ length: classCount }, () => []);
  for (const row of rows) lists[labels[row]!]!.push(row);
  return lists.map((rows) => Int32Array.from(rows));
}

/** Where each pair's coefficients start in the flat `alpha` array (plus the total at the end). */
export function pairOffsets(rowsByClass: readonly Int32Array[]): Int32Array {
  const classCount = rowsByClass.length;
  const offsets = new Int32Array((classCount * (classCount - 1)) / 2 + 1);
  for (let a = 0; a < classCount; a++) {
    for (let b = a + 1; b < classCount; b++) {
      const p = pairIndex(a, b, classCount);
      offsets[p + 1] = offsets[p]! + rowsByClass[a]!.length + rowsByClass[b]!.length;
    }
  }
  return offsets;
}

/**
 * Solves every pair with the binary dual solver. Only `rows` are used (the training part of a
 * split); `warmStart`, a model trained on a subset of those rows, seeds the coefficients so that
 * retraining on all rows after calibration costs a fraction of a cold start.
 */
export function trainPairwise(input: {
  x: SparseMatrix;
  labels: Int32Array;
  classCount: number;
  dimension: number;
  rows: Int32Array;
  options: PairwiseOptions;
  warmStart?: PairwiseModel;
}): PairwiseModel {
  const { x, classCount, options, warmStart } = input;
  const { indptr, indices } = x;
  const rowsByClass = groupRowsByClass(input.labels, input.rows, classCount);
  const offsets = pairOffsets(rowsByClass);
  const alpha = new Float32Array(offsets[offsets.length - 1]!);
  const random = seededRandom(options.seed);
  const w = new Float64Array(input.dimension);
  // Warm-start coefficients scattered by matrix row, for the pair being solved.
  const prior = new Float64Array(x.rows);
  for (let a = 0; a < classCount; a++) {
    for (let b = a + 1; b < classCount; b++) {
      const p = pairIndex(a, b, classCount);
      const rows = new Int32Array(rowsByClass[a]!.length + rowsByClass[b]!.length);
      rows.set(rowsByClass[a]!);
      rows.set(rowsByClass[b]!, rowsByClass[a]!.length);
      const y = new Int8Array(rows.length).fill(-1).fill(1, 0, rowsByClass[a]!.length);
      if (warmStart) scatterPair(warmStart, p, a, b, prior);
      const local = Float64Array.from(rows, (i) => prior[i]!);
      for (let j = 0; j < rows.length; j++) {
        const i = rows[j]!;
        const d = local[j]! * y[j]!;
        if (d !== 0)
          for (let k = indptr[i]!; k < indptr[i + 1]!; k++) w[indices[k]!]! += d * x.values[k]!;
      }
      solveBinarySvm({ x, rows, y, alpha: local, w, random, ...options });
      alpha.set(local, offsets[p]!);
      for (const i of rows) {
        prior[i] = 0;
        for (let k = indptr[i]!; k < indptr[i + 1]!; k++) w[indices[k]!] = 0;
      }
    }
  }
  return { classCount, rowsByClass, offsets, alpha };
}

function scatterPair(
  model: PairwiseModel,
  p: number,
  a: number,
  b: number,
  into: Float64Array,
): void {
  let at = model.offsets[p]!;
  for (const i of model.rowsByClass[a]!) into[i] = model.alpha[at++]!;
  for (const i of model.rowsByClass[b]!) into[i] = model.alpha[at++]!;
}

/**
 * Margins of the pairwise experts among `candidates` for one query: `margins[i][j]` > 0 favours
 * `candidates[i]` over `candidates[j]`. `dense` is the query scattered into a dense scratch array.
 */
export function pairwiseMargins(input: {
  model: PairwiseModel;
  x: SparseMatrix;
  query: SparseVector;
  candidates: readonly number[];
  scratch: Float64Array;
}): Float64Array[] {
  const { model, x, query, candidates, scratch } = input;
  const { indptr, indices, values } = x;
  for (let k = 0; k < query.indices.length; k++) scratch[query.indices[k]!] = query.values[k]!;
  // Dot product of the query with every row of every candidate class, computed once.
  const dots = new Map<number, Float64Array>();
  for (const c of candidates) {
    const rows = model.rowsByClass[c]!;
    const out = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      let dot = 1; // the bias feature
      for (let k = indptr[i]!; k < indptr[i + 1]!; k++) dot += scratch[indices[k]!]! * values[k]!;
      out[r] = dot;
    }
    dots.set(c, out);
  }
  for (let k = 0; k < query.indices.length; k++) scratch[query.indices[k]!] = 0;
  const margins = candidates.map(() => new Float64Array(candidates.length));
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = Math.min(candidates[i]!, candidates[j]!);
      const b = Math.max(candidates[i]!, candidates[j]!);
      const p = pairIndex(a, b, model.classCount);
      const offset = model.offsets[p]!;
      const dotsA = dots.get(a)!;
      const dotsB = dots.get(b)!;
      // The bias is folded into the dot products (constant feature 1), so start from zero.
      let margin = 0;
      for (let r = 0; r < dotsA.length; r++) margin += model.alpha[offset + r]! * dotsA[r]!;
      for (let r = 0; r < dotsB.length; r++)
        margin -= model.alpha[offset + dotsA.length + r]! * dotsB[r]!;
      const favoursI = candidates[i] === a ? margin : -margin;
      margins[i]![j] = favoursI;
      margins[j]![i] = -favoursI;
    }
  }
  return margins;
}

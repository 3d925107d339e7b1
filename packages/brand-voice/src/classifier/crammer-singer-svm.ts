import { seededRandom, shuffleInPlace } from '@switchboard/text';
import type { DualCoefficients } from './linear-model.ts';
import type { SparseMatrix } from './sparse-matrix.ts';

export interface CrammerSingerOptions {
  C: number;
  /** Stop when the largest gradient spread of a pass falls below this (liblinear's `eps`). */
  tolerance: number;
  maxEpochs: number;
  seed: number;
}

/** Scratch buffers shared by every per-row sub-problem, allocated once per training run. */
interface Scratch {
  g: Float64Array;
  b: Float64Array;
  sorted: Float64Array;
  next: Float64Array;
  classOf: Int32Array;
}

/**
 * Solves one row's sub-problem (liblinear's `solve_sub_problem`): the new coefficients of the
 * active classes given gradients `b`, the row's squared norm `a` and the position of its label.
 */
function solveSubProblem(a: number, labelAt: number, C: number, active: number, s: Scratch): void {
  for (let m = 0; m < active; m++) s.sorted[m] = s.b[m]!;
  if (labelAt < active) s.sorted[labelAt] = s.sorted[labelAt]! + a * C;
  const d = s.sorted.subarray(0, active).sort().reverse();
  let beta = d[0]! - a * C;
  let r = 1;
  for (; r < active && beta < r * d[r]!; r++) beta += d[r]!;
  beta /= r;
  for (let m = 0; m < active; m++) {
    const bound = m === labelAt ? C : 0;
    s.next[m] = Math.min(bound, (beta - s.b[m]!) / a);
  }
}

/**
 * Crammer–Singer multiclass linear SVM by dual coordinate descent with shrinking (Keerthi et al.
 * 2008; a port of liblinear's `Solver_MCSVM_CS`). One joint problem over all classes instead of
 * 77 independent one-vs-rest problems: on BANKING77 it is slightly more accurate and its scores
 * are comparable across classes, which the softmax calibration relies on. The bias is a constant
 * feature. `alpha` (rows × classes) is both the warm start and the result; only `rows` are trained.
 */
export function trainCrammerSinger(input: {
  x: SparseMatrix;
  labels: Int32Array;
  classCount: number;
  dimension: number;
  rows: Int32Array;
  alpha: Float64Array;
  options: CrammerSingerOptions;
}): void {
  const { x, labels, classCount: k, dimension, rows, alpha, options } = input;
  const { indptr, indices, values } = x;
  const { C, tolerance } = options;
  const biasRow = dimension * k;
  const w = new Float64Array((dimension + 1) * k);
  for (const i of rows) {
    for (let c = 0; c < k; c++) {
      const a = alpha[i * k + c]!;
      if (a === 0) continue;
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) w[indices[p]! * k + c]! += a * values[p]!;
      w[biasRow + c]! += a;
    }
  }
  const l = rows.length;
  // Per row: a permutation of the classes whose first `activeClasses[s]` entries are still active.
  const classOrder = new Int32Array(l * k);
  const activeClasses = new Int32Array(l).fill(k);
  const labelAt = new Int32Array(l);
  const squaredNorm = new Float64Array(l);
  for (let s = 0; s < l; s++) {
    const i = rows[s]!;
    for (let c = 0; c < k; c++) classOrder[s * k + c] = c;
    labelAt[s] = labels[i]!;
    let sq = 1;
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) sq += values[p]! * values[p]!;
    squaredNorm[s] = sq;
  }
  const order = new Int32Array(l);
  for (let s = 0; s < l; s++) order[s] = s;
  const scratch: Scratch = {
    g: new Float64Array(k),
    b: new Float64Array(k),
    sorted: new Float64Array(k),
    next: new Float64Array(k),
    classOf: new Int32Array(k),
  };
  const { g, classOf } = scratch;
  const all = new Float64Array(k);
  const changedClass = new Int32Array(k);
  const changedBy = new Float64Array(k);
  const random = seededRandom(options.seed);
  let activeRows = l;
  let shrinkTolerance = Math.max(10 * tolerance, 1);
  let startedFromAll = true;
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    let spread = Number.NEGATIVE_INFINITY;
    shuffleInPlace(order, random, activeRows);
    for (let t = 0; t < activeRows; t++) {
      const s = order[t]!;
      const i = rows[s]!;
      const base = s * k;
      const alphaBase = i * k;
      const label = labels[i]!;
      const previouslyActive = activeClasses[s]!;
      let active = previouslyActive;
      for (let m = 0; m < active; m++) classOf[m] = classOrder[base + m]!;
      const end = indptr[i + 1]!;
      if (active * 4 > k) {
        // Most classes active: scores of all classes in memory order are cheaper than gathering.
        for (let c = 0; c < k; c++) all[c] = w[biasRow + c]!;
        for (let p = indptr[i]!; p < end; p++) {
          const row = indices[p]! * k;
          const v = values[p]!;
          for (let c = 0; c < k; c++) all[c] = all[c]! + w[row + c]! * v;
        }
        for (let m = 0; m < active; m++) g[m] = 1 + all[classOf[m]!]!;
      } else {
        for (let m = 0; m < active; m++) g[m] = 1 + w[biasRow + classOf[m]!]!;
        for (let p = indptr[i]!; p < end; p++) {
          const row = indices[p]! * k;
          const v = values[p]!;
          for (let m = 0; m < active; m++) g[m] = g[m]! + w[row + classOf[m]!]! * v;
        }
      }
      // The true class has no margin term.
      if (labelAt[s]! < active) g[labelAt[s]!] = g[labelAt[s]!]! - 1;
      let minG = Number.POSITIVE_INFINITY;
      let maxG = Number.NEGATIVE_INFINITY;
      for (let m = 0; m < active; m++) {
        if (alpha[alphaBase + classOf[m]!]! < 0 && g[m]! < minG) minG = g[m]!;
        if (g[m]! > maxG) maxG = g[m]!;
      }
      if (labelAt[s]! < active && alpha[alphaBase + label]! < C && g[labelAt[s]!]! < minG) {
        minG = g[labelAt[s]!]!;
      }
      // Shrink classes whose coefficient sits at its bound with a gradient that keeps it there.
      const atBound = (m: number) =>
        alpha[alphaBase + classOf[m]!] === (m === labelAt[s] ? C : 0) && g[m]! < minG;
      for (let m = 0; m < active; m++) {
        if (!atBound(m)) continue;
        active--;
        while (active > m) {
          if (!atBound(active)) {
            const cls = classOf[m]!;
            classOf[m] = classOf[active]!;
            classOf[active] = cls;
            const grad = g[m]!;
            g[m] = g[active]!;
            g[active] = grad;
            if (labelAt[s] === active) labelAt[s] = m;
            else if (labelAt[s] === m) labelAt[s] = active;
            break;
          }
          active--;
        }
      }
      // Write the permutation back, including the entries swapped out of the active part.
      for (let m = 0; m < previouslyActive; m++) classOrder[base + m] = classOf[m]!;
      activeClasses[s] = active;
      if (active <= 1) {
        activeRows--;
        order[t] = order[activeRows]!;
        order[activeRows] = s;
        t--;
        continue;
      }
      if (maxG - minG <= 1e-12) continue;
      spread = Math.max(spread, maxG - minG);
      const a = squaredNorm[s]!;
      for (let m = 0; m < active; m++) scratch.b[m] = g[m]! - a * alpha[alphaBase + classOf[m]!]!;
      solveSubProblem(a, labelAt[s]!, C, active, scratch);
      let changed = 0;
      for (let m = 0; m < active; m++) {
        const cls = classOf[m]!;
        const d = scratch.next[m]! - alpha[alphaBase + cls]!;
        alpha[alphaBase + cls] = scratch.next[m]!;
        if (Math.abs(d) >= 1e-12) {
          changedClass[changed] = cls;
          changedBy[changed] = d;
          changed++;
        }
      }
      for (let p = indptr[i]!; p < end; p++) {
        const row = indices[p]! * k;
        const v = values[p]!;
        for (let m = 0; m < changed; m++) w[row + changedClass[m]!]! += changedBy[m]! * v;
      }
      for (let m = 0; m < changed; m++) w[biasRow + changedClass[m]!]! += changedBy[m]!;
    }
    if (spread < shrinkTolerance) {
      if (spread < tolerance && startedFromAll) break;
      // Converged on the shrunk problem: reactivate everything and tighten.
      activeRows = l;
      activeClasses.fill(k);
      shrinkTolerance = Math.max(shrinkTolerance / 2, tolerance);
      startedFromAll = true;
    } else startedFromAll = false;
  }
}

/** Keeps the non-zero coefficients of the trained rows, rounded to float32 as they are stored. */
export function sparseDual(alpha: Float64Array): DualCoefficients {
  const slots: number[] = [];
  for (let j = 0; j < alpha.length; j++) if (alpha[j] !== 0) slots.push(j);
  return {
    slots: Int32Array.from(slots),
    values: Float32Array.from(slots, (j) => alpha[j]!),
  };
}

/** One held-out example: per-class signals (e.g. SVM scores, pairwise votes) and its true class. */
export interface CalibrationItem {
  signals: readonly Float64Array[];
  target: number;
}

/** Numerically stable softmax. */
export function softmax(logits: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const z of logits) if (z > max) max = z;
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    out[c] = Math.exp(logits[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < out.length; c++) out[c] = out[c]! / sum;
  return out;
}

/** `z[c] = Σ_j weights[j] · signals[j][c]`. */
export function combineSignals(
  signals: readonly Float64Array[],
  weights: readonly number[],
): Float64Array {
  const z = new Float64Array(signals[0]?.length ?? 0);
  signals.forEach((signal, j) => {
    const wj = weights[j] ?? 0;
    for (let c = 0; c < z.length; c++) z[c] = z[c]! + wj * signal[c]!;
  });
  return z;
}

function negativeLogLikelihood(
  items: readonly CalibrationItem[],
  weights: readonly number[],
): number {
  let loss = 0;
  for (const item of items) {
    const p = softmax(combineSignals(item.signals, weights));
    loss -= Math.log(Math.max(p[item.target]!, 1e-300));
  }
  return loss;
}

function solveLinear(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[r]![k] = a[r]![k]! - f * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * Fits the weights of a softmax over linear combinations of signals by minimising the negative
 * log-likelihood of held-out examples (Newton's method with backtracking; the problem is convex).
 * With one signal this is temperature scaling (`weight = 1/T`); with base scores plus pairwise
 * votes it also learns how much the pairwise experts should count. A small ridge towards `prior`
 * keeps the fit sane when the validation set is tiny or perfectly separated.
 */
export function fitSignalWeights(
  items: readonly CalibrationItem[],
  options: { prior: readonly number[]; ridge: number; maxIterations?: number },
): number[] {
  const { prior, ridge } = options;
  const dims = prior.length;
  let weights = [...prior];
  const objective = (w: readonly number[]) =>
    negativeLogLikelihood(items, w) +
    0.5 * ridge * w.reduce((s, v, j) => s + (v - prior[j]!) ** 2, 0);
  let current = objective(weights);
  for (let iteration = 0; iteration < (options.maxIterations ?? 50); iteration++) {
    const grad = weights.map((v, j) => ridge * (v - prior[j]!));
    const hess = weights.map((_, j) => weights.map((__, l) => (j === l ? ridge : 0)));
    for (const item of items) {
      const p = softmax(combineSignals(item.signals, weights));
      const mean = item.signals.map((signal) => signal.reduce((s, v, c) => s + p[c]! * v, 0));
      for (let j = 0; j < dims; j++) {
        grad[j] = grad[j]! + mean[j]! - item.signals[j]![item.target]!;
        for (let l = j; l < dims; l++) {
          const sj = item.signals[j]!;
          const sl = item.signals[l]!;
          let second = 0;
          for (let c = 0; c < p.length; c++) second += p[c]! * sj[c]! * sl[c]!;
          hess[j]![l] = hess[j]![l]! + second - mean[j]! * mean[l]!;
          if (l !== j) hess[l]![j] = hess[j]![l]!;
        }
      }
    }
    const step = solveLinear(hess, grad);
    let scale = 1;
    let next = weights.map((v, j) => v - step[j]!);
    let value = objective(next);
    while (!(value <= current) && scale > 1e-6) {
      scale /= 2;
      next = weights.map((v, j) => v - scale * step[j]!);
      value = objective(next);
    }
    if (!(value <= current)) break;
    const moved = Math.max(...next.map((v, j) => Math.abs(v - weights[j]!)));
    weights = next;
    const improvement = current - value;
    current = value;
    if (moved < 1e-6 || improvement < 1e-9 * Math.max(1, Math.abs(current))) break;
  }
  return weights;
}

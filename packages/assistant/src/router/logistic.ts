/**
 * Binary logistic regression by Newton's method (IRLS) with a small L2 term, for the router's
 * few-feature calibrations. Classes are weighted to equal total mass, so the fitted probability
 * does not depend on how many examples of each side the fitting data happened to have.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  options: { l2?: number; iterations?: number } = {},
): number[] {
  const dims = rows[0]?.length ?? 0;
  const l2 = options.l2 ?? 1e-2;
  const positives = labels.filter((y) => y === 1).length;
  const negatives = labels.length - positives;
  const weightOf = (y: 0 | 1) =>
    y === 1 ? 0.5 / Math.max(1, positives) : 0.5 / Math.max(1, negatives);
  let w = new Array<number>(dims).fill(0);
  for (let iter = 0; iter < (options.iterations ?? 50); iter++) {
    const gradient = w.map((v, j) => (j === 0 ? 0 : l2 * v));
    const hessian = Array.from({ length: dims }, (_, i) =>
      Array.from({ length: dims }, (_, j) => (i === j ? (i === 0 ? 1e-9 : l2) : 0)),
    );
    rows.forEach((x, n) => {
      const y = labels[n]!;
      const p = logisticOf(w, x);
      const c = weightOf(y);
      for (let i = 0; i < dims; i++) {
        gradient[i]! += c * (p - y) * x[i]!;
        for (let j = 0; j < dims; j++) hessian[i]![j]! += c * p * (1 - p) * x[i]! * x[j]!;
      }
    });
    const step = solve(hessian, gradient);
    if (!step) break;
    w = w.map((v, i) => v - step[i]!);
    if (step.reduce((sum, s) => sum + Math.abs(s), 0) < 1e-9) break;
  }
  return w;
}

/** sigmoid(w · x). */
export function logisticOf(weights: readonly number[], features: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < weights.length; i++) z += weights[i]! * (features[i] ?? 0);
  return 1 / (1 + Math.exp(-Math.max(-50, Math.min(50, z))));
}

/** Gaussian elimination with partial pivoting; undefined when the system is singular. */
function solve(matrix: number[][], vector: number[]): number[] | undefined {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-15) return undefined;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/** One training row: features, class, and the row's weight. */
export interface WeightedRow {
  x: readonly number[];
  positive: boolean;
  weight: number;
}

/** A fitted logistic model over standardised features (plain JSON, so it can be cached). */
export interface LogisticModel {
  /** Intercept first, then one weight per standardised feature. */
  weights: number[];
  mean: number[];
  scale: number[];
}

const MAX_ITERATIONS = 100;

/** Solves `a · x = b` by Gaussian elimination with partial pivoting (small, well-conditioned). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const head = m[c]!;
    if (Math.abs(head[c]!) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r]!;
      const k = row[c]! / head[c]!;
      for (let j = c; j <= n; j++) row[j] = row[j]! - k * head[j]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/**
 * Weighted L2-regularised logistic regression, fitted by Newton's method on standardised
 * features. The caller's weights decide the class balance (the intercept is not penalised).
 */
export function fitLogistic(rows: readonly WeightedRow[], ridge: number): LogisticModel {
  const d = rows[0]?.x.length ?? 0;
  const total = rows.reduce((sum, r) => sum + r.weight, 0) || 1;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) {
    for (let i = 0; i < d; i++) mean[i] = mean[i]! + (r.weight * r.x[i]!) / total;
  }
  for (const r of rows) {
    for (let i = 0; i < d; i++)
      scale[i] = scale[i]! + (r.weight * (r.x[i]! - mean[i]!) ** 2) / total;
  }
  for (let i = 0; i < d; i++) scale[i] = Math.sqrt(scale[i]!) || 1;
  const z = rows.map((r) => [1, ...r.x.map((v, i) => (v - mean[i]!) / scale[i]!)]);
  let w = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    rows.forEach((r, n) => {
      const x = z[n]!;
      const p = sigmoid(dot(w, x));
      const g = (r.weight / total) * (p - (r.positive ? 1 : 0));
      const h = (r.weight / total) * p * (1 - p);
      for (let i = 0; i <= d; i++) {
        gradient[i] = gradient[i]! + g * x[i]!;
        const hi = hessian[i]!;
        for (let j = 0; j <= d; j++) hi[j] = hi[j]! + h * x[i]! * x[j]!;
      }
    });
    for (let i = 1; i <= d; i++) {
      gradient[i] = gradient[i]! + ridge * w[i]!;
      hessian[i]![i] = hessian[i]![i]! + ridge;
    }
    const step = solve(hessian, gradient);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { weights: w, mean, scale };
}

export function logisticProbability(model: LogisticModel, x: readonly number[]): number {
  let s = model.weights[0] ?? 0;
  x.forEach((v, i) => {
    s += model.weights[i + 1]! * ((v - model.mean[i]!) / model.scale[i]!);
  });
  return sigmoid(s);
}

function sigmoid(s: number): number {
  return 1 / (1 + Math.exp(-s));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Rows weighted so that each class carries half the total mass: the fitted probability then does
 * not depend on how many examples of each side the fitting data happened to have.
 */
export function classBalanced(
  rows: ReadonlyArray<{ x: readonly number[]; positive: boolean }>,
): WeightedRow[] {
  const positives = rows.filter((r) => r.positive).length;
  const negatives = rows.length - positives;
  return rows.map((r) => ({
    ...r,
    weight: r.positive ? 0.5 / Math.max(1, positives) : 0.5 / Math.max(1, negatives),
  }));
}

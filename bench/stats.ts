export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

/** A row of ours next to a baseline measured in the same run: ratio = value / baseline. */
export function versus(name: string, unit: string, value: number, baseline: number): BenchResult {
  return { name, value, unit, baseline, ratio: value / baseline };
}

/** Times `fn` once per input after a short warm-up; returns milliseconds per call. */
export async function timeEach<T>(
  inputs: readonly T[],
  fn: (input: T) => unknown,
  warmup = 20,
): Promise<number[]> {
  for (const input of inputs.slice(0, warmup)) await fn(input);
  const out: number[] = [];
  for (const input of inputs) {
    const t0 = performance.now();
    await fn(input);
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * How a cost grows with size between two measurements: the slope of log(cost) against
 * log(size). 1 is linear, 2 quadratic; a doubling of size at exponent 1.1 costs 2.14×.
 */
export function growthExponent(
  from: { size: number; cost: number },
  to: { size: number; cost: number },
): number {
  if (!(from.size > 0 && to.size > 0 && from.cost > 0 && to.cost > 0) || from.size === to.size)
    throw new RangeError('growthExponent needs two different positive sizes and positive costs');
  return Math.log(to.cost / from.cost) / Math.log(to.size / from.size);
}

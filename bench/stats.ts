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

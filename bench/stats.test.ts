import { describe, expect, it } from 'vitest';
import { growthExponent, percentile, versus } from './stats.ts';

describe('growthExponent', () => {
  it('is 1 for linear, 2 for quadratic and 0 for constant cost', () => {
    expect(growthExponent({ size: 1_000, cost: 2 }, { size: 10_000, cost: 20 })).toBeCloseTo(1);
    expect(growthExponent({ size: 10_000, cost: 1 }, { size: 100_000, cost: 100 })).toBeCloseTo(2);
    expect(growthExponent({ size: 1_000, cost: 3 }, { size: 4_000, cost: 3 })).toBeCloseTo(0);
  });

  it('reads the issue-12 figures as worse than linear', () => {
    // 14.9 s at 10k sections, 407 s at 100k: the table the issue was filed with.
    const slope = growthExponent({ size: 10_000, cost: 14.9 }, { size: 100_000, cost: 407 });
    expect(slope).toBeCloseTo(1.436, 3);
  });

  it('refuses sizes or costs it cannot take a logarithm of', () => {
    expect(() => growthExponent({ size: 0, cost: 1 }, { size: 10, cost: 1 })).toThrow(RangeError);
    expect(() => growthExponent({ size: 10, cost: 1 }, { size: 10, cost: 2 })).toThrow(RangeError);
    expect(() => growthExponent({ size: 10, cost: 0 }, { size: 100, cost: 2 })).toThrow(RangeError);
  });
});

describe('percentile / versus', () => {
  it('takes the nearest rank and divides by the baseline', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 99), percentile([], 50)]).toEqual([
      50, 99, 0,
    ]);
    expect(versus('x', 'ms', 2, 8)).toEqual({
      name: 'x',
      unit: 'ms',
      value: 2,
      baseline: 8,
      ratio: 0.25,
    });
  });
});

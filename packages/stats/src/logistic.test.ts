import { describe, expect, it } from 'vitest';
import { classBalanced, fitLogistic, logisticProbability } from './logistic.ts';

describe('fitLogistic', () => {
  it('puts the balanced boundary between the classes whatever their sizes', () => {
    // Ten negatives near 0, two positives near 1: with equal class weights the boundary is ~0.5.
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ x: [i / 50], positive: false, weight: 0.05 })),
      ...[0.98, 1].map((v) => ({ x: [v], positive: true, weight: 0.25 })),
    ];
    const model = fitLogistic(rows, 1e-3);
    expect(logisticProbability(model, [0.05])).toBeLessThan(0.2);
    expect(logisticProbability(model, [0.95])).toBeGreaterThan(0.8);
    const boundary = logisticProbability(model, [0.59]);
    expect(boundary).toBeGreaterThan(0.2);
    expect(boundary).toBeLessThan(0.8);
  });

  it('calibrates a score: monotone, and near the empirical rate', () => {
    const xs = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
    const ys = [0, 0, 0, 1, 0, 1, 1, 1];
    const model = fitLogistic(
      classBalanced(xs.map((x, i) => ({ x: [x], positive: ys[i] === 1 }))),
      1e-3,
    );
    expect(model.weights[1]).toBeGreaterThan(0);
    const p = (x: number) => logisticProbability(model, [x]);
    expect(p(0.1)).toBeLessThan(0.3);
    expect(p(0.9)).toBeGreaterThan(0.7);
  });

  it('gives each class half the weight, whatever its size', () => {
    const rows = classBalanced([
      { x: [0], positive: true },
      { x: [1], positive: false },
      { x: [2], positive: false },
      { x: [3], positive: false },
    ]);
    expect(rows.map((r) => r.weight)).toEqual([0.5, 0.5 / 3, 0.5 / 3, 0.5 / 3]);
  });
});

import { seededRandom } from '@switchboard/text';
import { describe, expect, it } from 'vitest';
import { combineSignals, fitSignalWeights, softmax } from './calibration.ts';
import { accuracy, expectedCalibrationError, macroF1 } from './metrics.ts';

describe('metrics', () => {
  it('computes accuracy and macro-F1 by hand-checked numbers', () => {
    const gold = ['a', 'a', 'b', 'b', 'c'];
    const predicted = ['a', 'b', 'b', 'b', 'a'];
    expect(accuracy(gold, predicted)).toBeCloseTo(3 / 5);
    // F1: a = 2·1/(2·1+1+1) = 0.5, b = 2·2/(2·2+1+0) = 0.8, c = 0 → mean 0.4333.
    expect(macroF1(gold, predicted)).toBeCloseTo((0.5 + 0.8 + 0) / 3);
    expect(macroF1(['a', 'b'], ['a', 'b'])).toBe(1);
    expect(accuracy([], [])).toBe(0);
  });

  it('computes the expected calibration error over 10 bins', () => {
    const items = [
      { confidence: 0.95, correct: true },
      { confidence: 0.95, correct: false },
      { confidence: 0.35, correct: false },
      { confidence: 1, correct: true },
    ];
    // Bin 9: mean confidence (0.95 + 0.95 + 1)/3, accuracy 2/3; bin 3: 0.35 vs 0.
    const expected = (3 / 4) * Math.abs((0.95 + 0.95 + 1) / 3 - 2 / 3) + (1 / 4) * 0.35;
    expect(expectedCalibrationError(items)).toBeCloseTo(expected);
    expect(
      expectedCalibrationError([
        { confidence: 0.8, correct: true },
        { confidence: 0.8, correct: true },
        { confidence: 0.8, correct: true },
        { confidence: 0.8, correct: true },
        { confidence: 0.8, correct: false },
      ]),
    ).toBeCloseTo(0);
  });
});

describe('calibration', () => {
  it('recovers the temperature that generated the labels', () => {
    const random = seededRandom(3);
    const items = Array.from({ length: 3000 }, () => {
      const scores = Float64Array.from({ length: 5 }, () => random() * 2 - 1);
      const p = softmax(combineSignals([scores], [3]));
      let u = random();
      let target = 0;
      while (target < 4 && u > p[target]!) u -= p[target++]!;
      return { signals: [scores], target };
    });
    const [weight] = fitSignalWeights(items, { prior: [1], ridge: 1 });
    expect(weight).toBeGreaterThan(2.6);
    expect(weight).toBeLessThan(3.4);
  });

  it('stays at the prior without evidence', () => {
    expect(fitSignalWeights([], { prior: [1, 0.5], ridge: 1 })).toEqual([1, 0.5]);
  });
});

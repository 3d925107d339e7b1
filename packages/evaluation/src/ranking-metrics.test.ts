import { describe, expect, it } from 'vitest';
import { foldToDocuments, hitAtK, mrrAtK, ndcgAtK, percentile } from './ranking-metrics.ts';

const ranked = ['a', 'b', 'c', 'd', 'e'];

describe('hitAtK', () => {
  it('is 1 only when a relevant id is inside the cut-off', () => {
    expect(hitAtK(ranked, new Set(['c']), 3)).toBe(1);
    expect(hitAtK(ranked, new Set(['c']), 2)).toBe(0);
    expect(hitAtK(ranked, new Set(['z']), 5)).toBe(0);
  });

  it('rejects a non-positive k', () => {
    expect(() => hitAtK(ranked, new Set(['a']), 0)).toThrow(RangeError);
  });
});

describe('mrrAtK', () => {
  it('uses the first relevant rank', () => {
    expect(mrrAtK(ranked, new Set(['c', 'e']), 10)).toBeCloseTo(1 / 3, 12);
    expect(mrrAtK(ranked, new Set(['a']), 1)).toBe(1);
  });

  it('is 0 when the first relevant rank is beyond k', () => {
    expect(mrrAtK(ranked, new Set(['e']), 4)).toBe(0);
  });
});

describe('ndcgAtK', () => {
  it('matches a hand computation with one relevant document', () => {
    // relevant at rank 2: DCG = 1/log2(3) = 0.63093; ideal = 1.
    expect(ndcgAtK(ranked, new Set(['b']), 10)).toBeCloseTo(0.63093, 5);
  });

  it('matches a hand computation with two relevant documents', () => {
    // ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) = 1.63093.
    expect(ndcgAtK(ranked, new Set(['a', 'c']), 10)).toBeCloseTo(1.5 / 1.63093, 5);
  });

  it('caps the ideal at k relevant documents', () => {
    expect(ndcgAtK(['a', 'b'], new Set(['a', 'b', 'c']), 2)).toBeCloseTo(1, 12);
  });

  it('is 0 without relevant documents in the cut-off', () => {
    expect(ndcgAtK(ranked, new Set(['e']), 3)).toBe(0);
  });
});

describe('percentile', () => {
  it('interpolates between closest ranks like numpy', () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 50)).toBe(35);
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(values, 100)).toBe(50);
    // rank 0.9 * 4 = 3.6 -> 40 + 0.6 * 10 = 46
    expect(percentile(values, 90)).toBeCloseTo(46, 12);
  });

  it('does not depend on input order', () => {
    expect(percentile([3, 1, 2], 50)).toBe(2);
  });

  it('is NaN for no values and rejects p outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('foldToDocuments', () => {
  it('ranks each document by its best chunk', () => {
    const hits = [
      { docId: 'x', score: 5 },
      { docId: 'y', score: 7 },
      { docId: 'x', score: 9 },
      { docId: 'z', score: 1 },
    ];
    expect(foldToDocuments(hits)).toEqual(['x', 'y', 'z']);
  });

  it('keeps first-appearance order on ties', () => {
    expect(
      foldToDocuments([
        { docId: 'q', score: 2 },
        { docId: 'p', score: 2 },
      ]),
    ).toEqual(['q', 'p']);
  });
});

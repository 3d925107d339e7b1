import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, rougeTokens } from './rouge-l.ts';

describe('ROUGE-L', () => {
  it('tokenises words and numbers, lower-cased, without punctuation', () => {
    expect(rougeTokens('Hello, World! Call 555-0100.')).toEqual([
      'hello',
      'world',
      'call',
      '555',
      '0100',
    ]);
  });

  it('finds the longest common subsequence', () => {
    expect(lcsLength(['a', 'b', 'c', 'b', 'd', 'a', 'b'], ['b', 'd', 'c', 'a', 'b', 'a'])).toBe(4);
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it("scores Lin's (2004) examples: 3/4 for in-order overlap, 2/4 when the order changes", () => {
    expect(rougeL('police kill the gunman', 'police killed the gunman')).toBeCloseTo(0.75, 10);
    expect(rougeL('the gunman kill police', 'police killed the gunman')).toBeCloseTo(0.5, 10);
  });

  it('is the harmonic mean of LCS precision and recall', () => {
    // LCS 5, precision 5/5, recall 5/6 → F1 = 10/11.
    expect(rougeL('the cat on the mat', 'The cat sat on the mat.')).toBeCloseTo(10 / 11, 10);
  });

  it('is 1 for identical texts and 0 without a common token', () => {
    expect(rougeL('Open the app.', 'open the APP')).toBe(1);
    expect(rougeL('alpha beta', 'gamma delta')).toBe(0);
    expect(rougeL('', 'something')).toBe(0);
  });
});

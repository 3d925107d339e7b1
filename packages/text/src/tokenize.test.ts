import { describe, expect, it } from 'vitest';
import { stem, terms } from './tokenize.ts';

describe('stem', () => {
  it('stems words', () => {
    expect(stem('relational')).toBe('relat');
    expect(stem("customer's")).toBe('custom');
  });

  it('leaves an absurdly long "word" as it is instead of running the stemmer over it', () => {
    // The stemmer's suffix patterns are quadratic: 70,000 letters took seconds per pattern.
    const word = 'a'.repeat(70_000);
    expect(stem(word)).toBe(word);
    expect(terms(`do i ${'ational'.repeat(10_000)}`)).toEqual(['ational'.repeat(10_000)]);
  });
});

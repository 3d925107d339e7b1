import { describe, expect, it } from 'vitest';
import { sparseDocumentVector, sparseQueryVector } from './sparse-vector.ts';
import { termHash } from './term-hash.ts';

const chunk = {
  id: 'c1',
  title: 'Settings > Display > Screen timeout',
  sectionPath: [],
  text: 'Choose how long the screen waits before it turns off. Tap Screen timeout.',
};

describe('termHash', () => {
  it('is 32-bit FNV-1a (reference vectors)', () => {
    expect(termHash('')).toBe(0x811c9dc5);
    expect(termHash('a')).toBe(0xe40c292c);
    expect(termHash('foobar')).toBe(0xbf9cf968);
  });
});

describe('sparse vectors', () => {
  it('are deterministic, sorted and distinct', () => {
    const first = sparseDocumentVector(chunk);
    const second = sparseDocumentVector({ ...chunk, sectionPath: [] });
    expect(second).toEqual(first);
    expect(first.indices.length).toBe(first.values.length);
    expect(first.indices).toEqual([...first.indices].sort((a, b) => a - b));
    expect(new Set(first.indices).size).toBe(first.indices.length);
    expect(first.indices.every((i) => Number.isInteger(i) && i >= 0 && i < 2 ** 32)).toBe(true);
    expect(sparseQueryVector('screen timeout')).toEqual(sparseQueryVector('Screen  Timeout?'));
  });

  it('weights heading terms above body-only terms and saturates below 1', () => {
    const vector = sparseDocumentVector(chunk);
    const value = (term: string) => vector.values[vector.indices.indexOf(termHash(term))];
    expect(value('timeout')).toBeGreaterThan(value('choos')!);
    expect(vector.values.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('adds support synonyms at their lower weight, never below a word typed', () => {
    const value = (vector: { indices: number[]; values: number[] }, term: string) =>
      vector.values[vector.indices.indexOf(termHash(term))];
    const query = sparseQueryVector('delete my account', { synonymWeight: 0.3 });
    expect(value(query, 'delet')).toBe(1);
    expect(value(query, 'remov')).toBe(0.3);
    const both = sparseQueryVector('delete or remove it', { synonymWeight: 0.3 });
    expect(value(both, 'remov')).toBe(1);
  });

  it('encodes query terms and bigrams in the document index space', () => {
    const query = sparseQueryVector('How can I change the screen timeout?', { synonymWeight: 0 });
    const expected = new Map([
      [termHash('chang'), 1],
      [termHash('screen'), 1],
      [termHash('timeout'), 1],
      [termHash('chang screen'), 0.5],
      [termHash('screen timeout'), 0.5],
    ]);
    expect(new Map(query.indices.map((i, k) => [i, query.values[k]]))).toEqual(expected);
    const doc = sparseDocumentVector(chunk);
    expect(doc.indices).toContain(termHash('screen timeout'));
  });
});

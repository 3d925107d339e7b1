import { describe, expect, it } from 'vitest';
import { documentAlignedBatches } from './aligned-batches.ts';

const chunks = (spec: Record<string, number>) =>
  Object.entries(spec).flatMap(([doc, n]) => Array.from({ length: n }, (_, i) => `${doc}#${i}`));
const sourceOf = (chunk: string) => chunk.split('#')[0]!;
const docsOf = (batch: string[]) => [...new Set(batch.map(sourceOf))];

describe('documentAlignedBatches', () => {
  it('fills batches up to the limit with whole documents only', () => {
    const batches = documentAlignedBatches(chunks({ a: 3, b: 3, c: 3, d: 3 }), sourceOf, 7);
    expect(batches.map((b) => b.length)).toEqual([6, 6]);
    expect(batches.map(docsOf)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('never splits a document, unlike fixed-size batches of 100 over 3-chunk documents', () => {
    const input = chunks(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`d${i}`, 3])));
    const batches = documentAlignedBatches(input, sourceOf, 100);
    expect(batches.map((b) => b.length)).toEqual([99, 51]);
    const owners = batches.flatMap((b, i) => docsOf(b).map((doc) => [doc, i] as const));
    expect(new Set(owners.map(([doc]) => doc)).size).toBe(owners.length);
    expect(batches.flat()).toEqual(input);
  });

  it('gives a document larger than the limit a batch of its own', () => {
    const batches = documentAlignedBatches(chunks({ a: 1, big: 5, b: 1 }), sourceOf, 3);
    expect(batches.map(docsOf)).toEqual([['a'], ['big'], ['b']]);
  });

  it('refuses interleaved documents and a limit below one', () => {
    expect(() => documentAlignedBatches(['a#0', 'b#0', 'a#1'], sourceOf, 10)).toThrow(/adjacent/);
    expect(() => documentAlignedBatches(['a#0'], sourceOf, 0)).toThrow(RangeError);
  });
});

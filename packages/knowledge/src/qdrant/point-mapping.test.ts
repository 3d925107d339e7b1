import { describe, expect, it } from 'vitest';
import { chunkFromPayload, pointId, toPoint } from './point-mapping.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('pointId', () => {
  it('derives the same valid UUID from the same chunk id, and different ones otherwise', () => {
    const id = pointId('billing#1');
    expect(id).toMatch(UUID);
    expect(pointId('billing#1')).toBe(id);
    expect(pointId('billing#2')).not.toBe(id);
    expect(pointId(`it's "odd" 文档`)).toMatch(UUID);
  });

  it('is the first 128 bits of sha256(chunk id)', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(pointId('abc')).toBe('ba7816bf-8f01-cfea-4141-40de5dae2223');
  });
});

describe('toPoint / chunkFromPayload', () => {
  const chunk = {
    id: 'a#1',
    docId: 'a',
    title: 'Router',
    sectionPath: ['Setup'],
    text: 'Reset the router.',
    hash: 'h',
    position: 2,
    source: 'help',
    metadata: { tags: 'wifi, router ,', lang: 'en' },
  };

  it('stores every chunk field, tags as keywords, and both vectors', () => {
    const point = toPoint({ ...chunk, vector: [0, 1] });
    expect(point.id).toBe(pointId('a#1'));
    expect(point.payload).toEqual({
      ...chunk,
      id: undefined,
      chunkId: 'a#1',
      tags: ['wifi', 'router'],
    });
    expect(point.vector.dense).toEqual([0, 1]);
    const sparse = point.vector.sparse as { indices: number[]; values: number[] };
    expect(sparse.indices.length).toBeGreaterThan(0);
    expect(sparse.indices.length).toBe(sparse.values.length);
  });

  it('round-trips the chunk without derived keys or absent optionals', () => {
    expect(chunkFromPayload(toPoint(chunk).payload)).toEqual(chunk);
    const { source: _s, metadata: _m, ...bare } = chunk;
    const restored = chunkFromPayload(toPoint(bare).payload);
    expect(restored).toEqual(bare);
    expect('source' in restored).toBe(false);
  });
});

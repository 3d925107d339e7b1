import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { type DocumentRecord, parseRecord, RedisRecordStore } from './record-store.ts';

const record = (docId: string, extra: Partial<DocumentRecord> = {}): DocumentRecord => ({
  docId,
  fingerprint: `fp-${docId}`,
  chunkIds: [`${docId}#1`],
  status: 'indexed',
  updatedAt: 1,
  ...extra,
});

describe('RedisRecordStore (real Redis)', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;

  it('puts, gets, lists, deletes and clears per source', async () => {
    const store = new RedisRecordStore({ redis: testRedis.redis, prefix });
    const failed = record('b.md', {
      status: 'failed',
      chunkIds: [],
      error: { reason: 'too_large', message: 'too big' },
      validators: { etag: '"x"' },
    });
    await store.put('docs', record('a.md'));
    await store.put('docs', failed);
    await store.put('other', record('a.md', { fingerprint: 'other' }));

    expect(await store.get('docs', 'b.md')).toEqual(failed);
    expect(await store.get('docs', 'nope')).toBeUndefined();
    expect((await store.list('docs')).map((r) => r.docId)).toEqual(['a.md', 'b.md']);
    expect(await testRedis.redis.hlen(`${prefix}docs`)).toBe(2);

    await store.delete('docs', ['a.md']);
    await store.delete('docs', []);
    expect((await store.list('docs')).map((r) => r.docId)).toEqual(['b.md']);
    await store.clear('docs');
    expect(await store.list('docs')).toEqual([]);
    expect((await store.get('other', 'a.md'))?.fingerprint).toBe('other');
  });

  it('skips corrupt and mistyped entries', async () => {
    const store = new RedisRecordStore({ redis: testRedis.redis, prefix });
    await store.put('mixed', record('ok.md'));
    await testRedis.redis.hset(
      `${prefix}mixed`,
      'bad.md',
      '{not json',
      'typed.md',
      '{"docId":"typed.md"}',
    );
    expect((await store.list('mixed')).map((r) => r.docId)).toEqual(['ok.md']);
    expect(await store.get('mixed', 'bad.md')).toBeUndefined();
  });
});

describe('parseRecord', () => {
  it('rejects records with a wrong status or chunk ids', () => {
    expect(
      parseRecord(JSON.stringify(record('a', { status: 'weird' as 'indexed' }))),
    ).toBeUndefined();
    expect(parseRecord(JSON.stringify({ ...record('a'), chunkIds: [1] }))).toBeUndefined();
    expect(parseRecord(JSON.stringify(record('a')))).toEqual(record('a'));
  });
});

import { SwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { RedisSourceStore } from './redis-source-store.ts';

describe('RedisSourceStore (real Redis)', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;

  it('adds, lists, gets, replaces and removes sources', async () => {
    const store = new RedisSourceStore({ redis: testRedis.redis, prefix: `${prefix}crud:` });
    expect(await store.add({ name: ' help ', kind: 'directory', root: './docs' })).toEqual({
      name: 'help',
      kind: 'directory',
      root: './docs',
    });
    expect(await store.add({ name: 'help', kind: 'jsonl', path: './x.jsonl' })).toBeUndefined();
    await store.put({ name: 'faq', kind: 'jsonl', path: './faq.jsonl' });

    expect((await store.list()).map((s) => s.name)).toEqual(['faq', 'help']);
    expect(await store.getSpec('help')).toEqual({
      name: 'help',
      kind: 'directory',
      root: './docs',
    });
    expect(await store.getSpec('nope')).toBeUndefined();

    await store.put({ name: 'help', kind: 'directory', root: './other' });
    expect(await store.getSpec('help')).toMatchObject({ root: './other' });

    expect(await store.remove('help')).toBe(true);
    expect(await store.remove('help')).toBe(false);
    expect((await store.list()).map((s) => s.name)).toEqual(['faq']);
  });

  it('refuses an invalid spec with BAD_REQUEST naming the field', async () => {
    const store = new RedisSourceStore({ redis: testRedis.redis, prefix: `${prefix}bad:` });
    const attempt = store.put({ name: 'web', kind: 'web', sitemapUrl: 'ftp://x' });
    await expect(attempt).rejects.toBeInstanceOf(SwitchboardError);
    await expect(attempt).rejects.toThrow(/sitemapUrl/);
    expect(await store.list()).toEqual([]);
  });

  it('flags sources as paused, and only known ones', async () => {
    const store = new RedisSourceStore({ redis: testRedis.redis, prefix: `${prefix}pause:` });
    await store.put({ name: 'help', kind: 'directory', root: './docs' });
    expect(await store.setPaused('help', true)).toBe(true);
    expect(await store.setPaused('ghost', true)).toBe(false);
    expect(await store.isPaused('help')).toBe(true);
    expect(await store.pausedNames()).toEqual(new Set(['help']));
    await store.setPaused('help', false);
    expect(await store.isPaused('help')).toBe(false);
    // Removing a source clears its flag, so a new source of that name starts unpaused.
    await store.setPaused('help', true);
    await store.remove('help');
    expect(await store.isPaused('help')).toBe(false);
  });

  it('serves connectors synchronously from a cache other processes refresh', async () => {
    const writer = new RedisSourceStore({ redis: testRedis.redis, prefix: `${prefix}registry:` });
    const reader = new RedisSourceStore({ redis: testRedis.redis, prefix: `${prefix}registry:` });
    await writer.put({ name: 'help', kind: 'directory', root: './docs' });

    // The writer's own changes are visible at once; the reader's cache is empty until refreshed.
    expect(writer.get('help')?.kind).toBe('directory');
    expect(reader.get('help')).toBeUndefined();
    await reader.refresh();
    const connector = reader.get('help');
    expect(connector?.kind).toBe('directory');
    expect(reader.get('help')).toBe(connector);

    // A changed spec gets a new connector; a removed one disappears.
    await writer.put({ name: 'help', kind: 'jsonl', path: './help.jsonl' });
    await reader.refresh();
    expect(reader.get('help')?.kind).toBe('jsonl');
    await writer.remove('help');
    expect(writer.get('help')).toBeUndefined();
    await reader.refresh();
    expect(reader.get('help')).toBeUndefined();
  });
});

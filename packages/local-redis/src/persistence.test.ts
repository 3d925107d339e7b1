import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisPersistence } from './persistence.ts';
import { freePort, type LocalRedis, startRedisServer } from './redis-server.ts';

/** Each case starts its own redis-server, configured as the case needs. */
describe('redisPersistence (real redis-server processes)', () => {
  let directory: string;
  const started: LocalRedis[] = [];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchboard-persistence-'));
  });
  afterAll(async () => {
    for (const redis of started) await redis.stop();
    await rm(directory, { recursive: true, force: true });
  });

  const start = async (name: string, options: { appendOnly?: boolean; args?: string[] }) => {
    const redis = await startRedisServer({ directory: join(directory, name), ...options });
    started.push(redis);
    return redis;
  };

  it('reads an append-only file (and its fsync policy) from CONFIG', async () => {
    const redis = await start('aof', { appendOnly: true });
    expect(await redisPersistence(redis.url)).toEqual({
      kind: 'append-only',
      appendfsync: 'everysec',
    });
  });

  it('reads "keeps nothing" from a server with neither an append-only file nor save rules', async () => {
    const redis = await start('none', {});
    expect(await redisPersistence(redis.url)).toEqual({ kind: 'none' });
  });

  it('reads snapshot rules', async () => {
    const redis = await start('rdb', { args: ['--save', '60 1'] });
    expect(await redisPersistence(redis.url)).toEqual({ kind: 'snapshots', save: '60 1' });
  });

  it('falls back to INFO where CONFIG is disabled: an append-only file is still seen', async () => {
    const redis = await start('no-config-aof', {
      appendOnly: true,
      args: ['--rename-command', 'CONFIG', ''],
    });
    expect(await redisPersistence(redis.url)).toEqual({ kind: 'append-only' });
  });

  it('says "unknown" (with the reason) where CONFIG is disabled and INFO shows no append-only file', async () => {
    const redis = await start('no-config', { args: ['--rename-command', 'CONFIG', ''] });
    const persistence = await redisPersistence(redis.url);
    expect(persistence.kind).toBe('unknown');
    expect(persistence).toMatchObject({ reason: expect.stringMatching(/CONFIG is not allowed/) });
  });

  it('says "unknown" without throwing when nothing answers', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const persistence = await redisPersistence(url, 500);
    expect(persistence).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/did not answer/),
    });
  });
});

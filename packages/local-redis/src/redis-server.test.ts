import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSwitchboardError } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, freePort, pingRedis, startRedisServer } from './redis-server.ts';

describe('local Redis', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchboard-local-redis-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('starts a private redis-server when the URL is unreachable, and stops it', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    expect(await pingRedis(url)).toBe(false);
    const redis = await ensureRedis({ url, autostart: true, directory });
    expect(redis.started).toBe(true);
    expect(await pingRedis(url)).toBe(true);
    await redis.stop();
    expect(await pingRedis(url)).toBe(false);
  });

  it('uses a reachable Redis as it is', async () => {
    const own = await startRedisServer({ directory });
    const redis = await ensureRedis({ url: own.url, autostart: true, directory });
    expect(redis.started).toBe(false);
    await own.stop();
  });

  it('explains what to do when autostart is off', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const error = await ensureRedis({ url, autostart: false, directory }).catch((e: unknown) => e);
    expect(isSwitchboardError(error) && error.code).toBe('REDIS_UNAVAILABLE');
    expect((error as Error).message).toMatch(/REDIS_URL/);
  });

  it('says how to install Redis when the binary is missing', async () => {
    const error = await startRedisServer({
      directory,
      binary: 'redis-server-that-does-not-exist',
    }).catch((e: unknown) => e);
    expect(isSwitchboardError(error) && error.code).toBe('REDIS_UNAVAILABLE');
    expect((error as Error).message).toMatch(/apt-get install redis-server/);
  });
});

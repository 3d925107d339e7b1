import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSwitchboardError } from '@switchboard/core';
import { Redis } from 'ioredis';
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

  it("keeps the private server's data in an append-only file: the same directory, the same data", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const own = join(directory, 'persistent');
    const first = await ensureRedis({ url, autostart: true, directory: own });
    expect(first).toMatchObject({ started: true, privateDirectory: own });
    const client = new Redis(url);
    await client.set('kept', 'yes');
    await client.rpush('list', 'a', 'b');
    client.disconnect();
    await first.stop();
    expect(await pingRedis(url)).toBe(false);
    expect((await stat(join(own, 'appendonlydir'))).isDirectory()).toBe(true);

    const second = await ensureRedis({ url, autostart: true, directory: own });
    expect(second.started).toBe(true);
    const reader = new Redis(url);
    expect(await reader.get('kept')).toBe('yes');
    expect(await reader.lrange('list', 0, -1)).toEqual(['a', 'b']);
    reader.disconnect();
    await second.stop();
  });

  it('finds the private server an earlier start left running, and reuses it as it is', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const own = join(directory, 'left-running');
    const earlier = await ensureRedis({ url, autostart: true, directory: own });
    const again = await ensureRedis({ url, autostart: true, directory: own });
    // Not started here, so not stopped here either; but recognised as the private one.
    expect(again).toMatchObject({ started: false, privateDirectory: own });
    await again.stop();
    expect(await pingRedis(url)).toBe(true);
    // Another directory's server is not taken for ours.
    const other = await ensureRedis({ url, autostart: true, directory: join(directory, 'else') });
    expect(other.privateDirectory).toBeUndefined();
    await earlier.stop();
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

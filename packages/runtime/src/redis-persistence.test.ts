import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@switchboard/core';
import { type LocalRedis, startRedisServer } from '@switchboard/local-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRedisPersistence } from './redis-persistence.ts';

type Line = { level: 'info' | 'warn' | 'error'; event: string; fields: Record<string, unknown> };

function capture(): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: Line['level']) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, event, fields });
  return { log: { info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('the start-up persistence check (real redis-server processes)', () => {
  let directory: string;
  const servers: LocalRedis[] = [];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchboard-persistence-report-'));
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('warns once, saying what a restart loses and how to fix it, when Redis keeps nothing', async () => {
    const redis = await startRedisServer({ directory: join(directory, 'none') });
    servers.push(redis);
    const { log, lines } = capture();
    const result = await reportRedisPersistence({
      redis: { ...redis, started: false },
      dataDir: '/srv/switchboard',
      log,
    });
    expect(result).toEqual({ kind: 'none' });
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 'warn', event: 'redis.persistence.none' });
    expect(line?.fields.message).toMatch(/keeps nothing on disk/);
    expect(line?.fields.message).toMatch(
      /conversation.*feedback.*model versions.*sources added at run time/,
    );
    expect(line?.fields.fix).toMatch(/CONFIG SET appendonly yes/);
    expect(line?.fields.fix).toMatch(/REDIS_URL at a free local port/);
    expect(line?.fields.fix).toContain('/srv/switchboard/redis');
  });

  it('only informs when Redis keeps an append-only file (the private one does)', async () => {
    const redis = await startRedisServer({ directory: join(directory, 'aof'), appendOnly: true });
    servers.push(redis);
    const { log, lines } = capture();
    await reportRedisPersistence({ redis, dataDir: directory, log });
    expect(lines).toEqual([
      {
        level: 'info',
        event: 'redis.persistence',
        fields: expect.objectContaining({ kind: 'append-only', appendfsync: 'everysec' }),
      },
    ]);
  });

  it('does not warn where CONFIG is disabled and persistence cannot be read: it says so', async () => {
    const redis = await startRedisServer({
      directory: join(directory, 'no-config'),
      args: ['--rename-command', 'CONFIG', ''],
    });
    servers.push(redis);
    const { log, lines } = capture();
    await reportRedisPersistence({ redis, dataDir: directory, log });
    expect(lines.map((l) => [l.level, l.event])).toEqual([['info', 'redis.persistence.unknown']]);
    expect(lines[0]?.fields.reason).toMatch(/CONFIG is not allowed/);
  });
});

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { createSyncQueue, RedisSourceStore, RunHistory, type SyncQueue } from '@switchboard/sync';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { UsageError } from '../output.ts';
import { redisSyncBackend } from '../runs/redis-backend.ts';
import { type SyncCliContext, sourcesCommand, specFromArgs } from './sources.ts';

const args = (positionals: string[], values: Record<string, string | boolean> = {}) => ({
  positionals,
  values,
});

describe('switchboard sources (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let context: SyncCliContext;
  let queue: SyncQueue;
  let history: RunHistory;
  let output: string[];
  /** The same context on another source store (declared sources). */
  const on = (sources: RedisSourceStore): SyncCliContext => ({
    ...context,
    backend: redisSyncBackend({ queue, sources, history }),
  });

  beforeEach(() => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    prefix = `test-${randomUUID()}`;
    output = [];
    queue = createSyncQueue({ connection: redis, prefix });
    history = new RunHistory({ redis, prefix: `${prefix}:sync-history:` });
    context = {
      backend: redisSyncBackend({
        queue,
        sources: new RedisSourceStore({ redis, prefix: `${prefix}:sources:` }),
        history,
      }),
      out: { write: (text: string) => output.push(text) },
      err: { write: () => true },
    };
  });
  afterEach(async () => {
    await queue.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('adds, lists and removes sources', async () => {
    await sourcesCommand(args(['add', 'help'], { kind: 'directory', root: './docs' }), context);
    await sourcesCommand(
      args(['add', 'site'], { kind: 'web', 'start-url': 'https://a.example/,https://b.example/' }),
      context,
    );
    expect(output).toEqual(['added help (directory)\n', 'added site (web)\n']);

    output.length = 0;
    await sourcesCommand(args(['list'], { json: true }), context);
    expect(JSON.parse(output.join(''))).toEqual([
      {
        name: 'help',
        kind: 'directory',
        root: resolve('./docs'),
        origin: 'runtime',
        paused: false,
        lastRun: null,
      },
      {
        name: 'site',
        kind: 'web',
        startUrls: ['https://a.example/', 'https://b.example/'],
        origin: 'runtime',
        paused: false,
        lastRun: null,
      },
    ]);

    output.length = 0;
    await sourcesCommand(args(['remove', 'help']), context);
    await sourcesCommand(args(['list']), context);
    expect(output).toEqual([
      expect.stringMatching(/^removed help; purging its documents \(run remove-[\w-]+\)\n$/),
      [
        'NAME  KIND  ORIGIN   TARGET                                 STATE   LAST RUN',
        'site  web   runtime  https://a.example/ https://b.example/  active  never run',
        '',
      ].join('\n'),
    ]);
  });

  it('refuses a taken name, an unknown source and missing flags', async () => {
    await sourcesCommand(args(['add', 'help'], { kind: 'jsonl', path: 'x.jsonl' }), context);
    const again = sourcesCommand(
      args(['add', 'help'], { kind: 'jsonl', path: 'y.jsonl' }),
      context,
    );
    await expect(again).rejects.toThrow(/already exists/);
    await expect(sourcesCommand(args(['remove', 'ghost']), context)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const web = sourcesCommand(args(['add', 'site'], { kind: 'web' }), context);
    await expect(web).rejects.toBeInstanceOf(SwitchboardError);
    expect(() => specFromArgs(args(['add', 'x'], { kind: 'directory' }))).toThrow(UsageError);
    expect(() => specFromArgs(args(['add', 'x']))).toThrow(/--kind/);
  });

  it('lists declared sources, pauses them, and refuses to remove or shadow them', async () => {
    const declared = new RedisSourceStore({
      redis,
      prefix: `${prefix}:sources:`,
      declared: [{ spec: { name: 'default', kind: 'directory', root: '/srv/help' }, watch: true }],
    });
    const withDeclared = on(declared);
    await sourcesCommand(args(['list']), withDeclared);
    expect(output.join('').split('\n').slice(0, 2)).toEqual([
      'NAME     KIND       ORIGIN  TARGET     STATE   LAST RUN',
      'default  directory  config  /srv/help  active  never run',
    ]);
    await expect(sourcesCommand(args(['remove', 'default']), withDeclared)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const shadow = sourcesCommand(
      args(['add', 'default'], { kind: 'jsonl', path: 'x.jsonl' }),
      withDeclared,
    );
    await expect(shadow).rejects.toThrow(/already exists/);

    output.length = 0;
    await sourcesCommand(args(['pause', 'default']), withDeclared);
    expect(await declared.isPaused('default')).toBe(true);
    await sourcesCommand(args(['resume', 'default']), withDeclared);
    expect(await declared.isPaused('default')).toBe(false);
    expect(output).toEqual(['paused default\n', 'resumed default\n']);
    await expect(sourcesCommand(args(['pause', 'ghost']), withDeclared)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

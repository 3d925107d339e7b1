import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  createSyncQueue,
  createSyncWorker,
  RedisRecordStore,
  RedisSourceStore,
  RunHistory,
} from '@switchboard/sync';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { SyncCliContext } from './sources.ts';
import { statusCommand } from './status.ts';
import { progressLine, syncCommand } from './sync.ts';

describe('switchboard sync / status (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let queueName: string;
  let context: SyncCliContext;
  let output: string[];
  let progress: string[];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    prefix = `test-${randomUUID()}`;
    queueName = `cli-${randomUUID()}`;
    output = [];
    progress = [];
    const queue = createSyncQueue({ connection: redis, prefix, name: queueName });
    context = {
      queue,
      sources: new RedisSourceStore({ redis, prefix: `${prefix}:sources:` }),
      history: new RunHistory({ redis, prefix: `${prefix}:sync-history:` }),
      out: { write: (text: string) => output.push(text) },
      err: { write: (text: string) => progress.push(text) },
      pollMs: 50,
    };
    cleanups.push(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
    });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('without a worker, returns the job id; a second trigger joins; status shows the run', async () => {
    await context.sources.put({ name: 'help', kind: 'directory', root: '/nowhere' });
    await syncCommand({ positionals: ['help'], values: { json: true, full: true } }, context);
    const first = JSON.parse(output[0] ?? '');
    expect(first).toEqual({ jobId: expect.stringMatching(/^run-/), joined: false });
    expect((await context.queue.getJob(first.jobId))?.data).toMatchObject({ mode: 'full' });

    await syncCommand({ positionals: ['help'], values: {} }, context);
    expect(output[1]).toBe(`joined ${first.jobId}\n`);

    output.length = 0;
    await statusCommand({ positionals: [], values: {} }, context);
    expect(output[0]).toMatch(/^queue: waiting 1, active 0,/);
    expect(output[1]).toMatch(new RegExp(`^help\tactive\twaiting ${first.jobId} `));
  });

  it('refuses unknown and paused sources, and --full with --failed-only', async () => {
    const unknown = syncCommand({ positionals: ['ghost'], values: {} }, context);
    await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await context.sources.put({ name: 'help', kind: 'directory', root: '/nowhere' });
    const both = syncCommand(
      { positionals: ['help'], values: { full: true, 'failed-only': true } },
      context,
    );
    await expect(both).rejects.toThrow(/not both/);
    await context.sources.setPaused('help', true);
    await expect(syncCommand({ positionals: ['help'], values: {} }, context)).rejects.toThrow(
      /paused/,
    );
    expect(await context.queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('--wait follows the run through a worker and prints its summary', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sb-cli-sync-'));
    const indexDir = await mkdtemp(join(tmpdir(), 'sb-cli-index-'));
    await writeFile(join(root, 'billing.md'), '# Billing\n\nInvoices are sent monthly.\n');
    await writeFile(join(root, 'login.md'), '# Login\n\nReset your password by email.\n');
    const index = await EmbeddedIndex.open({ directory: indexDir });
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    cleanups.push(() => rm(indexDir, { recursive: true, force: true }));
    cleanups.push(() => index.close());

    await context.sources.put({ name: 'help', kind: 'directory', root });
    // The worker's registry is a store of its own: it sees the source after a refresh.
    const registry = new RedisSourceStore({ redis, prefix: `${prefix}:sources:` });
    await registry.refresh();
    const worker = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry,
      prefix,
      queueName,
    });
    cleanups.push(() => worker.close());

    await syncCommand({ positionals: ['help'], values: { wait: true, json: true } }, context);
    const summary = JSON.parse(output.join(''));
    expect(summary).toMatchObject({ source: 'help', trigger: 'admin', added: 2, failed: [] });
    expect(progress.at(-1)).toBe(`\r${progressLine({ stage: 'done', done: 1, total: 1 })}\n`);
    expect((await context.history.list('help'))[0]?.runId).toBe(summary.runId);
  });

  it('draws a one-line progress bar', () => {
    expect(progressLine({ stage: 'fetching', done: 1, total: 4 }, 8)).toBe(
      '[##------] 1/4 fetching',
    );
    expect(progressLine(0, 4)).toBe('[----] 0/0 waiting');
  });
});

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
  type SyncQueue,
  type SyncRunSummary,
} from '@switchboard/sync';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { redisSyncBackend } from '../runs/redis-backend.ts';
import type { SyncCliContext } from './sources.ts';
import { statusCommand } from './status.ts';
import { syncCommand } from './sync.ts';

/** What a terminal shows once cursor moves and line clears are applied: the last drawn line. */
function lastDrawnLine(written: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are the point
  const plain = written.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '\r');
  return (
    plain
      .split(/[\r\n]/)
      .filter((line) => line.trim())
      .at(-1) ?? ''
  );
}

describe('switchboard sync / status (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let queueName: string;
  let queue: SyncQueue;
  let sources: RedisSourceStore;
  let history: RunHistory;
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
    queue = createSyncQueue({ connection: redis, prefix, name: queueName });
    sources = new RedisSourceStore({ redis, prefix: `${prefix}:sources:` });
    history = new RunHistory({ redis, prefix: `${prefix}:sync-history:` });
    context = {
      backend: redisSyncBackend({ queue, sources, history }),
      out: { write: (text: string) => output.push(text) },
      // A pipe or a log file: not a terminal.
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

  /** A worker on its own index, and a source of `count` documents. */
  async function withWorker(count: number): Promise<void> {
    const root = await mkdtemp(join(tmpdir(), 'sb-cli-sync-'));
    const indexDir = await mkdtemp(join(tmpdir(), 'sb-cli-index-'));
    for (let i = 0; i < count; i++)
      await writeFile(join(root, `page-${i}.md`), `# Page ${i}\n\nTopic number ${i} explained.\n`);
    const index = await EmbeddedIndex.open({ directory: indexDir });
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    cleanups.push(() => rm(indexDir, { recursive: true, force: true }));
    cleanups.push(() => index.close());
    await sources.put({ name: 'help', kind: 'directory', root });
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
      historyPrefix: `${prefix}:sync-history:`,
    });
    cleanups.push(() => worker.close());
  }

  it('without a worker, returns the job id; a second trigger joins; status shows the run', async () => {
    await sources.put({ name: 'help', kind: 'directory', root: '/nowhere' });
    await syncCommand({ positionals: ['help'], values: { json: true, full: true } }, context);
    const first = JSON.parse(output[0] ?? '');
    expect(first).toEqual({ jobId: expect.stringMatching(/^run-/), joined: false });
    expect((await queue.getJob(first.jobId))?.data).toMatchObject({ mode: 'full' });

    await syncCommand({ positionals: ['help'], values: {} }, context);
    expect(output[1]).toBe(`joined ${first.jobId}\n`);

    output.length = 0;
    await statusCommand({ positionals: [], values: {} }, context);
    const [queueLine, head, row] = output.join('').split('\n');
    expect(queueLine).toMatch(/^queue: waiting 1, active 0,/);
    expect(head).toMatch(/^SOURCE +STATE +RUN +PROGRESS +LAST RUN$/);
    expect(row).toMatch(new RegExp(`^help +queued +${first.jobId} +not started +never run$`));
  });

  it('refuses unknown and paused sources, and --full with --failed-only', async () => {
    const unknown = syncCommand({ positionals: ['ghost'], values: {} }, context);
    await expect(unknown).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await sources.put({ name: 'help', kind: 'directory', root: '/nowhere' });
    const both = syncCommand(
      { positionals: ['help'], values: { full: true, 'failed-only': true } },
      context,
    );
    await expect(both).rejects.toThrow(/not both/);
    await sources.setPaused('help', true);
    await expect(syncCommand({ positionals: ['help'], values: {} }, context)).rejects.toThrow(
      /paused/,
    );
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('--wait off a terminal draws no bar and prints the summary with the listed documents', async () => {
    await withWorker(3);
    await syncCommand({ positionals: ['help'], values: { wait: true } }, context);
    expect(progress).toEqual([]);
    const printed = output.join('');
    expect(printed).toMatch(/^documents +3: 3 added, 0 updated, 0 unchanged, 0 failed$/m);
    expect(printed).toMatch(/^run +run-[\w-]+ \(incremental, admin\)$/m);
  });

  it('--wait --json prints the summary only, and the run is in the history', async () => {
    await withWorker(2);
    // Even on a terminal: JSON output gets no bar.
    context.err = { write: (text: string) => progress.push(text), isTTY: true, columns: 100 };
    await syncCommand({ positionals: ['help'], values: { wait: true, json: true } }, context);
    const summary = JSON.parse(output.join(''));
    expect(summary).toMatchObject({ source: 'help', trigger: 'admin', added: 2, failed: [] });
    expect(progress).toEqual([]);
    expect((await history.list('help'))[0]?.runId).toBe(summary.runId);
  });

  it('--full --wait on a terminal ends its bar on every listed document, never on a 1/1 step', async () => {
    await withWorker(25);
    context.err = { write: (text: string) => progress.push(text), isTTY: true, columns: 100 };
    await syncCommand({ positionals: ['help'], values: { wait: true, full: true } }, context);
    const drawn = progress.join('');
    expect(lastDrawnLine(drawn)).toMatch(/\[#{30}\] 25\/25 documents done$/);
    expect(drawn).not.toMatch(/ 1\/1 /);
    expect(drawn.endsWith('\n')).toBe(true);
    expect(output.join('')).toMatch(/^documents +25: 25 added/m);
  }, 60_000);

  it('status shows a source whose last run failed as failing, with the reason', async () => {
    await sources.put({ name: 'site', kind: 'web', startUrls: ['https://help.example/'] });
    await sources.put({ name: 'docs', kind: 'directory', root: '/srv/docs' });
    const run = {
      source: 'site',
      mode: 'incremental',
      trigger: 'schedule',
      added: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      failed: [],
      embedded: 0,
      durationMs: 10,
      reconcile: { ok: true, missingInIndex: [], orphanedInIndex: [], repaired: false },
      finishedAt: Date.UTC(2025, 2, 1, 14, 5),
    } satisfies Omit<SyncRunSummary, 'runId'>;
    await history.append({
      ...run,
      runId: 'run-1',
      error: { stage: 'listing', reason: 'not_found', message: 'sitemap answered 404' },
    });
    await history.append({ ...run, source: 'docs', runId: 'run-2', added: 4 });
    await statusCommand({ positionals: [], values: {} }, context);
    const rows = output.join('').split('\n').slice(2, 4);
    expect(rows).toEqual([
      expect.stringMatching(/^docs +ok +2025-03-01 14:05 incremental: 4 documents$/),
      expect.stringMatching(
        /^site +failing +2025-03-01 14:05 failed while listing: sitemap answered 404$/,
      ),
    ]);
  });
});

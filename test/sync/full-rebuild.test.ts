import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonLogger, SwitchboardError } from '@switchboard/core';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  createSourceRegistry,
  createSyncWorker,
  RedisRecordStore,
  type SyncRunSummary,
  type SyncWorker,
  scheduleSync,
  triggerSync,
} from '@switchboard/sync';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { HashingEmbedder } from '../../packages/knowledge/src/ingest/fixtures/hashing-embedder.ts';
import { connect, disposeWorkerTest, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

const DOCS = 40;

/** An embedder slow enough that a rebuild spans many queries, optionally rate-limited once. */
class SlowEmbedder extends HashingEmbedder {
  rateLimitOnce = false;
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    await new Promise((resolve) => setTimeout(resolve, 15));
    if (this.rateLimitOnce) {
      this.rateLimitOnce = false;
      throw new SwitchboardError('RATE_LIMITED', 'provider said 429', {
        details: { retryAfterMs: 200 },
      });
    }
    return super.embedDocuments(texts);
  }
}

describe('full re-sync through the worker (real Redis, embedded index)', () => {
  let redis: Redis;
  let prefix: string;
  let index: EmbeddedIndex;
  let sync: SyncWorker;
  let embedder: SlowEmbedder;
  const paused = new Set<string>();
  let events: Array<Record<string, unknown>> = [];
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    redis = connect(inject('redisUrl'));
    prefix = testPrefix();
    const help = await tempDir('full-help');
    const blog = await tempDir('full-blog');
    const indexDir = await tempDir('full-index');
    cleanups.push(help.remove, blog.remove, indexDir.remove);
    for (let i = 0; i < DOCS; i++) {
      await writeFile(
        join(help.path, `thermostat-${i}.md`),
        `# Thermostat guide ${i}\n\nThe thermostat schedule ${i} keeps rooms warm.\n`,
      );
    }
    await writeFile(join(blog.path, 'news.md'), '# News\n\nOur thermostat won an award.\n');
    index = await EmbeddedIndex.open({ directory: indexDir.path });
    embedder = new SlowEmbedder();
    events = [];
    sync = createSyncWorker({
      log: jsonLogger((line) => events.push(JSON.parse(line) as Record<string, unknown>)),
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: createSourceRegistry([
        { name: 'help', kind: 'directory', root: help.path },
        { name: 'blog', kind: 'directory', root: blog.path },
      ]),
      embedder,
      prefix,
      concurrency: 2,
      isPaused: async (source) => paused.has(source),
    });
  });

  afterEach(async () => {
    paused.clear();
    await disposeWorkerTest({ sync, index, redis, prefix, cleanups });
  });

  async function run(source: string, mode: 'incremental' | 'full'): Promise<SyncRunSummary> {
    const { jobId } = await triggerSync(sync.queue, { source, mode, trigger: 'admin' });
    const finished = await waitForJob(sync.queue, jobId);
    expect(finished.failedReason).toBeUndefined();
    return finished.returnvalue as SyncRunSummary;
  }

  it('never shows queries an empty or partial index, and keeps the other sources', async () => {
    await run('help', 'incremental');
    await run('blog', 'incremental');
    const all = [...Array.from({ length: DOCS }, (_, i) => `thermostat-${i}.md`), 'news.md'].sort();
    const search = async () =>
      [
        ...new Set(
          (await index.search({ text: 'thermostat', limit: 100 })).map((h) => h.chunk.docId),
        ),
      ].sort();
    expect(await search()).toEqual(all);

    const embeddedBefore = embedder.embeddedTexts;
    const { jobId } = await triggerSync(sync.queue, {
      source: 'help',
      mode: 'full',
      trigger: 'admin',
    });
    const results: string[][] = [];
    let finished = false;
    const done = waitForJob(sync.queue, jobId).then((r) => {
      finished = true;
      return r;
    });
    while (!finished) results.push(await search());
    const summary = (await done).returnvalue as SyncRunSummary;

    expect(results.length).toBeGreaterThan(5); // queries really ran during the rebuild
    for (const result of results) expect(result).toEqual(all);
    expect(await search()).toEqual(all);
    // Every help document was embedded again into the fresh table; the blog was carried over.
    expect(embedder.embeddedTexts - embeddedBefore).toBeGreaterThanOrEqual(DOCS);
    expect(summary).toMatchObject({
      mode: 'full',
      added: 0,
      unchanged: DOCS,
      deleted: 0,
      failed: [],
    });
    expect(summary.reconcile.ok).toBe(true);
    expect((await index.listChunks({ source: 'blog' })).map((c) => c.docId)).toEqual(['news.md']);
    // The next incremental run finds the records consistent with the rebuilt index.
    expect(await run('help', 'incremental')).toMatchObject({ unchanged: DOCS, added: 0 });
  });

  it('waits out a provider 429 with the queue rate limit instead of failing the document', async () => {
    embedder.rateLimitOnce = true;
    const summary = await run('blog', 'incremental');
    expect(summary).toMatchObject({ added: 1, failed: [] });
    const limited = events.filter((e) => e.event === 'sync.rate_limited');
    expect(limited).toEqual([
      expect.objectContaining({ source: 'blog', docIds: ['news.md'], waitMs: 200 }),
    ]);
    // Every event of the run carries its run id, so one run's log lines can be grepped together.
    const runEvents = events.filter((e) => String(e.event).startsWith('sync.'));
    expect(runEvents.every((e) => e.runId === summary.runId)).toBe(true);
    expect(runEvents.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'sync.run.started',
        'sync.run.planned',
        'sync.document',
        'sync.run.finished',
      ]),
    );
  });

  it('skips schedule firings of a paused source', async () => {
    paused.add('blog');
    await scheduleSync(sync.queue, { source: 'blog', every: 100 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const scheduled = await sync.queue.getJobs(['completed'], 0, 50);
    const firings = scheduled.filter((j) => j.name === 'sync-scheduled');
    expect(firings.length).toBeGreaterThan(0);
    expect(firings.every((j) => (j.returnvalue as { skipped?: string }).skipped === 'paused')).toBe(
      true,
    );
    expect(
      (await sync.queue.getJobs(['completed'], 0, 50)).some((j) => j.name === 'sync-run'),
    ).toBe(false);
  });
});

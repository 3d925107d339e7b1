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
  type SyncRunSummary,
  triggerSync,
  waitForRun,
} from '@switchboard/sync';
import { Redis } from 'ioredis';
import { afterEach, expect, inject, it } from 'vitest';
import { redisSyncBackend } from '../runs/redis-backend.ts';
import { type SyncCliContext, sourcesCommand } from './sources.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('`sources remove --wait` purges the source from the index and its records, in one recorded run', async () => {
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  const prefix = `test-${randomUUID()}`;
  cleanups.push(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  const dir = await mkdtemp(join(tmpdir(), 'sb-cli-remove-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const root = await mkdtemp(join(dir, 'guides-'));
  await writeFile(join(root, 'pair.md'), '# Pairing\n\n## Pair\n\nHold the pair button.\n');
  await writeFile(join(root, 'reset.md'), '# Reset\n\n## Reset\n\nHold reset for ten seconds.\n');
  const keep = await mkdtemp(join(dir, 'keep-'));
  await writeFile(join(keep, 'pair.md'), '# Pairing\n\n## Pair\n\nOther words entirely.\n');

  const index = await EmbeddedIndex.open({ directory: join(dir, 'index') });
  cleanups.push(() => index.close());
  const sources = new RedisSourceStore({ redis, prefix: `${prefix}:sources:` });
  const records = new RedisRecordStore({ redis, prefix: `${prefix}:records:` });
  const history = new RunHistory({ redis, prefix: `${prefix}:sync-history:` });
  const queueName = `cli-remove-${randomUUID()}`;
  const worker = createSyncWorker({
    connection: redis,
    index,
    records,
    registry: sources,
    prefix,
    queueName,
    historyPrefix: `${prefix}:sync-history:`,
  });
  cleanups.push(() => worker.close());
  const queue = createSyncQueue({ connection: redis, prefix, name: queueName });
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });
  const output: string[] = [];
  const context: SyncCliContext = {
    backend: redisSyncBackend({ queue, sources, history }),
    out: { write: (text: string) => output.push(text) },
    err: { write: () => true },
    pollMs: 50,
  };

  // Two sources sharing a document id ("pair.md"): removing one must keep the other's chunks.
  for (const [name, path] of [
    ['guides', root],
    ['keep', keep],
  ] as const) {
    await sources.add({ name, kind: 'directory', root: path });
    const run = await triggerSync(queue, { source: name, trigger: 'admin' });
    await waitForRun(queue, run.jobId, { pollMs: 50, timeoutMs: 30_000 });
  }
  expect((await index.listChunks({ source: 'guides' })).length).toBeGreaterThan(0);

  await sourcesCommand({ positionals: ['remove', 'guides'], values: { wait: true } }, context);
  expect(output).toEqual([
    expect.stringMatching(/^removed guides: 2 documents purged \(run remove-[\w-]+\)\n$/),
  ]);
  expect(await index.listChunks({ source: 'guides' })).toEqual([]);
  expect(await records.list('guides')).toEqual([]);
  expect(await records.sources()).toEqual(['keep']);
  expect((await index.listChunks({ source: 'keep' })).map((c) => c.docId)).toEqual(['pair.md']);
  const [removal] = await history.list('guides');
  expect(removal).toMatchObject({
    mode: 'remove',
    trigger: 'admin',
    deleted: 2,
    added: 0,
    failed: [],
  } satisfies Partial<SyncRunSummary>);
  expect(removal?.reconcile.ok).toBe(true);
  const hits = await index.search({ text: 'hold reset for ten seconds', limit: 5 });
  expect(hits.map((h) => h.chunk.source)).not.toContain('guides');
}, 60_000);

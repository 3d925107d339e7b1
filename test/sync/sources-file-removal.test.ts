import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { EmbeddedIndex } from '@switchboard/knowledge';
import { openSyncEngine, type SyncEngine } from '@switchboard/runtime';
import { removalDeduplicationId, waitForRun } from '@switchboard/sync';
import { afterAll, expect, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';
import { connect, tempDir } from './fixtures/harness.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('a source dropped from the sources file is purged at the next start, in a recorded removal run', async () => {
  const data = await tempDir('file-removal-data');
  const docs = await tempDir('file-removal-docs');
  const help = await tempDir('file-removal-help');
  cleanups.push(data.remove, docs.remove, help.remove);
  await writeFile(join(help.path, 'guide.md'), '# Guide\n\n## Start\n\nPlug it in.\n');
  await writeFile(
    join(docs.path, 'faq.jsonl'),
    [
      { id: 'faq-1', title: 'Warranty', text: 'The warranty lasts two years.' },
      { id: 'faq-2', title: 'Shipping', text: 'Shipping takes three days.' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n'),
  );
  const sourcesFile = join(docs.path, 'sources.json');
  const declare = (sources: unknown[]) => writeFile(sourcesFile, JSON.stringify({ sources }));
  await declare([{ name: 'faq', kind: 'jsonl', path: 'faq.jsonl', schedule: { every: '1h' } }]);
  const config = loadConfig(
    runtimeEnv(data.path, {
      SWITCHBOARD_KNOWLEDGE_PATH: help.path,
      SWITCHBOARD_SOURCES: sourcesFile,
    }),
  );
  const index = await EmbeddedIndex.open({ directory: join(data.path, 'index') });
  cleanups.push(() => index.close());
  cleanups.push(async () => {
    const redis = connect(config.redis.url);
    const keys = await redis.keys(`${config.redis.prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  /** One process start: the engine reads the sources file as it is now. */
  const open = async (): Promise<SyncEngine> => {
    const engine = await openSyncEngine({
      config,
      redisUrl: config.redis.url,
      index,
      runWorker: true,
      log: { info() {}, warn() {}, error() {} },
    });
    // Closed by the test; again here (harmless) when the test failed before that.
    cleanups.push(() => engine.close());
    return engine;
  };
  const schedulerKeys = async (engine: SyncEngine) =>
    (await engine.queue.getJobSchedulers()).map((s) => s.key);

  const first = await open();
  expect(first.removing).toEqual([]);
  for (const runId of (await first.syncDeclared('startup')).values())
    await waitForRun(first.queue, runId, { pollMs: 50, timeoutMs: 30_000 });
  expect(new Set((await index.listChunks({ source: 'faq' })).map((c) => c.docId))).toEqual(
    new Set(['faq-1', 'faq-2']),
  );
  expect(await schedulerKeys(first)).toContain('sync-schedule.faq');
  await first.close();

  // The file no longer lists faq: the next start queues its removal run.
  await declare([]);
  const second = await open();
  expect(second.removing).toEqual(['faq']);
  const runId = await second.queue.getDeduplicationJobId(removalDeduplicationId('faq'));
  expect(runId).toMatch(/^remove-/);
  const summary = await waitForRun(second.queue, runId ?? '', { pollMs: 50, timeoutMs: 30_000 });
  expect(summary).toMatchObject({ source: 'faq', mode: 'remove', trigger: 'startup', deleted: 2 });
  expect(await index.listChunks({ source: 'faq' })).toEqual([]);
  expect(await second.records.sources()).toEqual(['default']);
  expect((await index.listChunks({ source: 'default' })).length).toBeGreaterThan(0);
  expect((await second.history.list('faq'))[0]).toMatchObject({ runId, mode: 'remove' });
  // Its schedule went with it.
  expect(await schedulerKeys(second)).not.toContain('sync-schedule.faq');
  await second.close();

  // Nothing is left to purge at the start after that.
  const third = await open();
  expect(third.removing).toEqual([]);
  await third.queue.obliterate({ force: true });
  await third.close();
}, 60_000);

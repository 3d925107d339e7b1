import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  createSyncWorker,
  RedisRecordStore,
  RedisSourceStore,
  type SyncRunSummary,
  triggerSync,
} from '@switchboard/sync';
import { expect, inject, it } from 'vitest';
import { connect, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

it('syncs a source added through another process after the worker started', async () => {
  const redis = connect(inject('redisUrl'));
  const prefix = testPrefix();
  const docs = await tempDir('added-src');
  const indexDir = await tempDir('added-index');
  const index = await EmbeddedIndex.open({ directory: indexDir.path });
  const workerStore = new RedisSourceStore({ redis, prefix: `${prefix}:sources:` });
  await workerStore.refresh();
  const sync = createSyncWorker({
    connection: redis,
    index,
    records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
    registry: workerStore,
    prefix,
  });
  try {
    await writeFile(
      join(docs.path, 'guide.md'),
      '# Guide\n\n## Start\n\nPlug it in and hold the button.\n',
    );
    // The admin API runs in the server process: its own store instance on the same Redis.
    const adminStore = new RedisSourceStore({
      redis: redis.duplicate(),
      prefix: `${prefix}:sources:`,
    });
    await adminStore.add({ name: 'guides', kind: 'directory', root: docs.path });
    const { jobId } = await triggerSync(sync.queue, { source: 'guides', trigger: 'admin' });
    const run = await waitForJob(sync.queue, jobId);
    expect(run.failedReason).toBeUndefined();
    expect((run.returnvalue as SyncRunSummary).added).toBe(1);
    expect(await index.count()).toBeGreaterThan(0);
  } finally {
    await sync.queue.obliterate({ force: true });
    await sync.close();
    await index.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await docs.remove();
    await indexDir.remove();
  }
});

import type { Logger } from '@switchboard/core';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  createSourceRegistry,
  createSyncWorker,
  RedisRecordStore,
  type SyncWorker,
  triggerSync,
} from '@switchboard/sync';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../support/http-server.ts';
import { connect, disposeWorkerTest, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

/**
 * A web source whose sitemap cannot be fetched: the run is recorded as failed with its reason
 * (the admin page shows it instead of "Never run") and logged as warn events.
 */
describe('a web source whose listing fails (local HTTP server, real worker and Redis)', () => {
  let server: LocalServer;
  let redis: Redis;
  let prefix: string;
  let sync: SyncWorker;
  let index: EmbeddedIndex;
  let removeIndexDir: () => Promise<void>;
  const events: Array<{ level: string; event: string; fields: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (event, fields = {}) => events.push({ level: 'info', event, fields }),
    warn: (event, fields = {}) => events.push({ level: 'warn', event, fields }),
    error: (event, fields = {}) => events.push({ level: 'error', event, fields }),
  };

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const status = req.path === '/flaky/sitemap.xml' ? 500 : 404;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('no');
    });
    redis = connect(inject('redisUrl'));
    prefix = testPrefix();
    const dir = await tempDir('listing-failure');
    removeIndexDir = dir.remove;
    index = await EmbeddedIndex.open({ directory: dir.path });
    sync = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: createSourceRegistry([
        { name: 'flaky', kind: 'web', sitemapUrl: `${server.url}/flaky/sitemap.xml` },
        { name: 'gone', kind: 'web', sitemapUrl: `${server.url}/gone/sitemap.xml` },
      ]),
      prefix,
      log,
    });
  });

  afterAll(async () => {
    await disposeWorkerTest({ sync, index, redis, prefix });
    await server?.close();
    await removeIndexDir?.();
  });

  it('a sitemap answering 500: retried, then recorded as a failed run with the reason and logged', async () => {
    const { jobId } = await triggerSync(sync.queue, { source: 'flaky', trigger: 'admin' });
    const run = await waitForJob(sync.queue, jobId);
    expect(run.state).toBe('failed');
    expect(run.attemptsStarted).toBe(3);
    const [last, ...older] = await sync.history.list('flaky');
    expect(older).toEqual([]);
    expect(last).toMatchObject({
      runId: jobId,
      source: 'flaky',
      mode: 'incremental',
      added: 0,
      deleted: 0,
      error: {
        stage: 'listing',
        reason: 'transient',
        message: `${server.url}/flaky/sitemap.xml answered HTTP 500`,
      },
    });
    const mine = events.filter((e) => e.fields.runId === jobId && e.level === 'warn');
    expect(mine.map((e) => e.event)).toEqual([
      'sync.run.retry',
      'sync.run.retry',
      'sync.run.failed',
    ]);
    expect(mine.at(-1)?.fields).toMatchObject({
      source: 'flaky',
      stage: 'listing',
      reason: 'transient',
      attempt: 3,
    });
  }, 30_000);

  it('a sitemap answering 404: failed at once (retrying cannot help), reason not_found', async () => {
    const { jobId } = await triggerSync(sync.queue, { source: 'gone', trigger: 'admin' });
    const run = await waitForJob(sync.queue, jobId);
    expect(run.state).toBe('failed');
    expect(run.attemptsStarted).toBe(1);
    expect((await sync.history.list('gone'))[0]?.error).toEqual({
      stage: 'listing',
      reason: 'not_found',
      message: `${server.url}/gone/sitemap.xml answered HTTP 404`,
    });
    expect(events.filter((e) => e.fields.runId === jobId).map((e) => e.event)).toEqual([
      'sync.run.started',
      'sync.run.failed',
    ]);
  });
});

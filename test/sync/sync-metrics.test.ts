import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metrics } from '@switchboard/core';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  type Connector,
  createSyncWorker,
  DirectoryConnector,
  type DocumentRef,
  type FetchOptions,
  type FetchResult,
  PermanentSourceError,
  RedisRecordStore,
  type SyncWorker,
  triggerSync,
} from '@switchboard/sync';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { waitUntil } from '../support/server-process.ts';
import { connect, disposeWorkerTest, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

/** The metrics port as a list of what it was told. */
function recordingMetrics() {
  const runs: Array<Parameters<Metrics['syncRunFinished']>[0]> = [];
  const failures: Array<Parameters<Metrics['jobFailed']>[0]> = [];
  const metrics: Metrics = {
    answered() {},
    handedOff() {},
    feedbackRecorded() {},
    syncRunFinished: (event) => void runs.push(event),
    jobFailed: (event) => void failures.push(event),
  };
  return { metrics, runs, failures };
}

/** A directory source whose fetch of some documents fails for good. */
class FailingConnector implements Connector {
  readonly kind = 'failing';
  readonly broken = new Set<string>();
  constructor(readonly inner: Connector) {}
  list(): Promise<DocumentRef[]> {
    return this.inner.list();
  }
  async fetch(ref: DocumentRef, options?: FetchOptions): Promise<FetchResult> {
    if (this.broken.has(ref.id)) throw new PermanentSourceError('gone', `${ref.id} is gone`);
    return this.inner.fetch(ref, options);
  }
}

describe('the sync worker counts what it finishes (metrics port)', () => {
  let redis: Redis;
  let prefix: string;
  let sync: SyncWorker;
  let index: EmbeddedIndex;
  let root: string;
  let connector: FailingConnector;
  let recorded: ReturnType<typeof recordingMetrics>;
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    redis = connect(inject('redisUrl'));
    prefix = testPrefix();
    const src = await tempDir('metrics-src');
    const indexDir = await tempDir('metrics-index');
    cleanups.push(src.remove, indexDir.remove);
    root = src.path;
    for (const name of ['a', 'b', 'c'])
      await writeFile(
        join(root, `${name}.md`),
        `# Page ${name}\n\nAbout ${name} and more ${name}.\n`,
      );
    index = await EmbeddedIndex.open({ directory: indexDir.path });
    connector = new FailingConnector(new DirectoryConnector({ root, source: 'help' }));
    recorded = recordingMetrics();
    sync = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: { get: (name) => (name === 'help' ? connector : undefined) },
      prefix,
      documentRetry: { attempts: 1, delay: 10 },
      metrics: recorded.metrics,
    });
  });

  afterEach(async () => {
    await disposeWorkerTest({ sync, index, redis, prefix, cleanups });
  });

  async function run(source: string) {
    const { jobId } = await triggerSync(sync.queue, { source, trigger: 'admin' });
    return waitForJob(sync.queue, jobId);
  }

  it('counts runs by outcome and their documents by outcome, and failed job attempts', async () => {
    connector.broken.add('c.md');
    expect((await run('help')).state).toBe('completed');
    await waitUntil('the first run counted', () => recorded.runs.length === 1, 5_000);
    expect(recorded.runs[0]).toEqual({
      source: 'help',
      outcome: 'partial',
      documents: { added: 2, updated: 0, unchanged: 0, removed: 0, failed: 1 },
    });

    connector.broken.clear();
    await rm(join(root, 'b.md'));
    expect((await run('help')).state).toBe('completed');
    await waitUntil('the second run counted', () => recorded.runs.length === 2, 5_000);
    expect(recorded.runs[1]).toEqual({
      source: 'help',
      outcome: 'succeeded',
      documents: { added: 1, updated: 0, unchanged: 1, removed: 1, failed: 0 },
    });
    // Document failures are outcomes of a run, not failed jobs.
    expect(recorded.failures).toEqual([]);

    // A source no worker knows: the run job fails for good.
    expect((await run('ghost')).state).toBe('failed');
    await waitUntil('the failed run counted', () => recorded.runs.length === 3, 5_000);
    expect(recorded.runs[2]).toEqual({ source: 'ghost', outcome: 'failed' });
    expect(recorded.failures).toEqual([{ queue: 'switchboard-sync', job: 'sync-run' }]);
  });
});

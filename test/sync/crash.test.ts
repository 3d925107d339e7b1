import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceDocument } from '@switchboard/core';
import { EmbeddedIndex, ingestDocuments } from '@switchboard/knowledge';
import {
  createSyncQueue,
  DirectoryConnector,
  RedisRecordStore,
  type SyncQueue,
  type SyncRunSummary,
  triggerSync,
} from '@switchboard/sync';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { killHard, startWorkerProcess } from '../support/worker-process.ts';
import { chunkSnapshot, connect, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const workerScript = join(here, 'fixtures/crash-worker.ts');
const DOCS = 300;
/** The source name the worker script registers. */
const CRASH_SOURCE = 'crash';

/** Deterministic documents: a few sections each, so every document has several chunks. */
async function writeCorpus(root: string): Promise<void> {
  for (let i = 0; i < DOCS; i++) {
    const dir = join(root, `topic-${i % 7}`);
    await mkdir(dir, { recursive: true });
    const sections = Array.from(
      { length: 1 + (i % 3) },
      (_, s) => `## Section ${s}\n\nArticle ${i} explains step ${s}: restart device ${i * 7 + s}.`,
    );
    await writeFile(join(dir, `article-${i}.md`), `# Article ${i}\n\n${sections.join('\n\n')}\n`);
  }
}

/** What a clean sync produces: every document ingested once into a fresh index. */
async function referenceSnapshot(root: string, directory: string): Promise<string[]> {
  const connector = new DirectoryConnector({ root, source: CRASH_SOURCE });
  const documents: SourceDocument[] = [];
  for (const ref of await connector.list()) {
    const result = await connector.fetch(ref);
    if (result.status === 'fetched') documents.push({ ...result.document, source: CRASH_SOURCE });
  }
  const index = await EmbeddedIndex.open({ directory });
  await ingestDocuments({ documents, index });
  const snapshot = await chunkSnapshot(index);
  await index.close();
  return snapshot;
}

describe('a sync worker killed with SIGKILL mid-run', () => {
  let redis: Redis;
  let prefix: string;
  let queue: SyncQueue;
  let child: ChildProcess | undefined;
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(() => {
    redis = connect(inject('redisUrl'));
    prefix = testPrefix();
    queue = createSyncQueue({ connection: redis, prefix });
  });

  afterEach(async () => {
    if (child) await killHard(child);
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const start = (root: string, indexDir: string) =>
    startWorkerProcess(workerScript, [inject('redisUrl'), prefix, root, indexDir]);

  it('completes on restart with exactly the chunks of a clean sync', {
    timeout: 240_000,
  }, async () => {
    const src = await tempDir('crash-src');
    const indexDir = await tempDir('crash-index');
    const referenceDir = await tempDir('crash-reference');
    cleanups.push(src.remove, indexDir.remove, referenceDir.remove);
    await writeCorpus(src.path);
    const expected = await referenceSnapshot(src.path, referenceDir.path);
    const records = new RedisRecordStore({ redis, prefix: `${prefix}:records:` });

    const { jobId } = await triggerSync(queue, { source: CRASH_SOURCE, trigger: 'startup' });
    // Kill points: as soon as documents start landing, then at 20 % and 60 % of them.
    const killPoints = [1, Math.round(DOCS * 0.2), Math.round(DOCS * 0.6)];
    const seenAtKill: number[] = [];
    for (const point of killPoints) {
      child = await start(src.path, indexDir.path);
      const deadline = Date.now() + 120_000;
      while ((await records.list(CRASH_SOURCE)).length < point) {
        if (Date.now() > deadline) throw new Error(`never reached ${point} recorded documents`);
        await new Promise((r) => setTimeout(r, 25));
      }
      await killHard(child);
      seenAtKill.push((await records.list(CRASH_SOURCE)).length);
    }
    expect(seenAtKill.at(-1)).toBeLessThan(DOCS); // the last kill really was mid-run

    child = await start(src.path, indexDir.path);
    const run = await waitForJob(queue, jobId, 180_000);
    expect(run.failedReason).toBeUndefined();
    expect(run.state).toBe('completed');
    await killHard(child);

    const summary = run.returnvalue as SyncRunSummary;
    expect(summary.failed).toEqual([]);
    expect(summary.added + summary.updated + summary.unchanged).toBe(DOCS);
    expect((await records.list(CRASH_SOURCE)).length).toBe(DOCS);

    const index = await EmbeddedIndex.open({ directory: indexDir.path });
    const actual = await chunkSnapshot(index);
    await index.close();
    expect(new Set(actual).size).toBe(actual.length); // no duplicates
    expect(actual).toEqual(expected); // nothing missing, nothing stale
  });
});

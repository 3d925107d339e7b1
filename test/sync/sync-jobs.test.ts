import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  type SyncRunSummary,
  type SyncWorker,
  scheduleSync,
  TransientSourceError,
  triggerSync,
  unscheduleSync,
} from '@switchboard/sync';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { HashingEmbedder } from '../../packages/knowledge/src/ingest/fixtures/hashing-embedder.ts';
import { connect, disposeWorkerTest, tempDir, testPrefix, waitForJob } from './fixtures/harness.ts';

const SOURCE = 'help';

/** Counts `list` calls, to tell one run from two. */
class CountingConnector implements Connector {
  readonly kind = 'counting';
  lists = 0;
  /** While set, every fetch waits for it (holds a run in its children stage). */
  gate: Promise<void> | undefined;
  /** Per document id: the errors its next fetches throw, in order. */
  readonly failures = new Map<string, Error[]>();
  readonly fetched: string[] = [];
  constructor(readonly inner: Connector) {}
  async list(): Promise<DocumentRef[]> {
    this.lists++;
    // Slow enough that a second trigger arrives while the run is still going.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return this.inner.list();
  }
  async fetch(ref: DocumentRef, options?: FetchOptions): Promise<FetchResult> {
    await this.gate;
    this.fetched.push(ref.id);
    const failure = this.failures.get(ref.id)?.shift();
    if (failure) throw failure;
    return this.inner.fetch(ref, options);
  }
}

const page = (title: string, parts: string[]) =>
  `# ${title}\n\n${parts.map((p, i) => `## Part ${i + 1}\n\n${p}\n`).join('\n')}`;

describe('sync runs as BullMQ jobs (real Redis, embedded index, directory source)', () => {
  let redis: Redis;
  let prefix: string;
  let sync: SyncWorker;
  let connector: CountingConnector;
  let embedder: HashingEmbedder;
  let index: EmbeddedIndex;
  let root: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    redis = connect(inject('redisUrl'));
    prefix = testPrefix();
    const src = await tempDir('sync-src');
    const indexDir = await tempDir('sync-index');
    cleanups.push(src.remove, indexDir.remove);
    root = src.path;
    await writeFile(join(root, 'billing.md'), page('Billing', ['Invoices monthly.', 'Refunds.']));
    await writeFile(join(root, 'login.md'), page('Login', ['Reset your password by email.']));
    await writeFile(join(root, 'plans.md'), page('Plans', ['Pro plan.', 'Team plan seats.']));
    index = await EmbeddedIndex.open({ directory: indexDir.path });
    connector = new CountingConnector(new DirectoryConnector({ root, source: SOURCE }));
    embedder = new HashingEmbedder();
    sync = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: { get: (name) => (name === SOURCE ? connector : undefined) },
      embedder,
      prefix,
      documentRetry: { attempts: 2, delay: 10 },
    });
  });

  afterEach(async () => {
    await disposeWorkerTest({ sync, index, redis, prefix, cleanups });
  });

  async function runOnce(): Promise<SyncRunSummary> {
    const { jobId } = await triggerSync(sync.queue, { source: SOURCE, trigger: 'admin' });
    const run = await waitForJob(sync.queue, jobId);
    expect(run.failedReason).toBeUndefined();
    expect(run.state).toBe('completed');
    return run.returnvalue as SyncRunSummary;
  }

  it('indexes a directory, re-embeds only what changed, removes deleted files, records history', async () => {
    const first = await runOnce();
    expect(first).toMatchObject({ added: 3, updated: 0, unchanged: 0, deleted: 0, failed: [] });
    expect(first.reconcile.ok).toBe(true);
    const docs = new Set((await index.listChunks({ source: SOURCE })).map((c) => c.docId));
    expect([...docs].sort()).toEqual(['billing.md', 'login.md', 'plans.md']);

    // Unchanged: nothing fetched into the embedder.
    const before = embedder.embeddedTexts;
    const unchanged = await runOnce();
    expect(unchanged).toMatchObject({ added: 0, updated: 0, unchanged: 3, deleted: 0 });
    expect(embedder.embeddedTexts).toBe(before);

    // One section of one file changes: only that chunk's text is embedded.
    embedder.calls.length = 0;
    await writeFile(
      join(root, 'plans.md'),
      page('Plans', ['Pro plan.', 'Team plan seats, now billed yearly.']),
    );
    const edited = await runOnce();
    expect(edited).toMatchObject({ added: 0, updated: 1, unchanged: 2, deleted: 0 });
    const texts = embedder.calls.flat();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes('billed yearly'))).toBe(true);

    // A deleted file's chunks leave the index.
    await rm(join(root, 'login.md'));
    const deleted = await runOnce();
    expect(deleted).toMatchObject({ deleted: 1, unchanged: 2 });
    expect(await index.listChunks({ docId: 'login.md' })).toEqual([]);
    expect(deleted.reconcile.ok).toBe(true);

    const history = await sync.history.list(SOURCE);
    expect(history.map((h) => h.runId)).toEqual([
      deleted.runId,
      edited.runId,
      unchanged.runId,
      first.runId,
    ]);
    expect(history[0]).toEqual(deleted);
  });

  it('sends a first sync to the embedder in full calls of 100 texts, 100 documents per job', async () => {
    // 250 documents of 2 chunks: jobs of 100 + 100 + 50 documents, 200 + 200 + 100 new chunks.
    await rm(root, { recursive: true, force: true });
    await mkdir(root);
    for (let i = 0; i < 250; i++)
      await writeFile(join(root, `doc-${i}.md`), page(`Doc ${i}`, [`First ${i}.`, `Second ${i}.`]));
    const first = await runOnce();
    expect(first).toMatchObject({ added: 250, embedded: 500, failed: [] });
    expect(embedder.calls.map((c) => c.length)).toEqual([100, 100, 100, 100, 100]);
    expect((await index.listChunks({ source: SOURCE })).length).toBe(500);
  });

  it('reconciles an unchanged run with the records it listed: repairs what changed behind its back', async () => {
    await runOnce();
    await index.deleteDocuments(['login.md']);
    await index.upsert([
      {
        id: 'stray.md#1',
        docId: 'stray.md',
        title: 'Stray',
        sectionPath: [],
        text: 'Left over by a crash.',
        hash: 'stray',
        position: 0,
        source: SOURCE,
      },
    ]);
    const repair = await runOnce();
    expect(repair).toMatchObject({ added: 0, unchanged: 3, deleted: 0 });
    expect(repair.reconcile).toEqual({
      ok: false,
      missingInIndex: ['login.md'],
      orphanedInIndex: ['stray.md'],
      repaired: true,
    });
    expect(await index.listChunks({ docId: 'stray.md' })).toEqual([]);
    // The dropped record makes the next run fetch login.md again.
    const after = await runOnce();
    expect(after).toMatchObject({ added: 1, unchanged: 2 });
    expect(after.reconcile.ok).toBe(true);
  });

  it('runs one sync when the same source is triggered twice at once', async () => {
    const [a, b] = await Promise.all([
      triggerSync(sync.queue, { source: SOURCE, trigger: 'admin' }),
      triggerSync(sync.queue, { source: SOURCE, trigger: 'schedule' }),
    ]);
    expect(b.jobId).toBe(a.jobId);
    expect([a.joined, b.joined].sort()).toEqual([false, true]);
    const run = await waitForJob(sync.queue, a.jobId);
    expect(run.state).toBe('completed');
    expect(connector.lists).toBe(1);
    expect(await sync.history.list(SOURCE)).toHaveLength(1);

    // Once the run is over, the next trigger starts a new one.
    const next = await triggerSync(sync.queue, { source: SOURCE, trigger: 'admin' });
    expect(next.joined).toBe(false);
    expect(next.jobId).not.toBe(a.jobId);
    await waitForJob(sync.queue, next.jobId);
    expect(connector.lists).toBe(2);
  });

  it('joins a run that is waiting for its children', async () => {
    let release = () => {};
    connector.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = await triggerSync(sync.queue, { source: SOURCE, trigger: 'admin' });
    const deadline = Date.now() + 10_000;
    while ((await sync.queue.getJobState(first.jobId)) !== 'waiting-children') {
      if (Date.now() > deadline) throw new Error('the run never waited for its children');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await triggerSync(sync.queue, { source: SOURCE, trigger: 'admin' });
    expect(second).toEqual({ jobId: first.jobId, joined: true });
    release();
    expect((await waitForJob(sync.queue, first.jobId)).state).toBe('completed');
    expect(connector.lists).toBe(1);
  });

  it('fails an invalid payload without retrying it', async () => {
    const job = await sync.queue.add(
      'sync-run',
      // biome-ignore lint/suspicious/noExplicitAny: the point is a payload the types forbid
      { runId: 'r1', source: SOURCE, mode: 'sideways', trigger: 'admin' } as any,
      { attempts: 5, backoff: { type: 'fixed', delay: 10 } },
    );
    const run = await waitForJob(sync.queue, job.id ?? '');
    expect(run.state).toBe('failed');
    expect(run.attemptsStarted).toBe(1);
    expect(run.attemptsMade).toBe(1);
    expect(run.failedReason).toMatch(/failed validation/);
    expect(run.failedReason).toMatch(/mode/);
    expect(connector.lists).toBe(0);
  });

  it('fails a run of an unknown source without retrying it', async () => {
    const { jobId } = await triggerSync(sync.queue, { source: 'nowhere', trigger: 'admin' });
    const run = await waitForJob(sync.queue, jobId);
    expect(run.state).toBe('failed');
    expect(run.attemptsStarted).toBe(1);
    expect(run.failedReason).toMatch(/unknown source "nowhere"/);
  });

  it('retries a transient fetch failure as a job and records a permanent one as failed', async () => {
    connector.failures.set('login.md', [new TransientSourceError('login.md: 503')]);
    connector.failures.set('plans.md', [new PermanentSourceError('forbidden', 'plans.md: 403')]);
    const summary = await runOnce();
    expect(summary).toMatchObject({ added: 2, updated: 0, deleted: 0 });
    expect(summary.failed).toEqual([
      { docId: 'plans.md', reason: 'forbidden', message: 'plans.md: 403' },
    ]);
    expect(connector.fetched.filter((id) => id === 'login.md')).toHaveLength(2);
    expect(await index.listChunks({ docId: 'login.md' })).not.toEqual([]);

    // Transient until the attempts run out: the run still completes, with the document failed.
    connector.failures.set('plans.md', [
      new TransientSourceError('plans.md: 503'),
      new TransientSourceError('plans.md: 503 again'),
    ]);
    const retried = await runOnce();
    expect(retried.failed).toEqual([
      { docId: 'plans.md', reason: 'transient', message: 'plans.md: 503 again' },
    ]);
    expect(retried.unchanged).toBe(2);
  });

  it('runs a source on its schedule until it is unscheduled', async () => {
    await scheduleSync(sync.queue, { source: SOURCE, every: 300 });
    const deadline = Date.now() + 10_000;
    while ((await sync.history.list(SOURCE)).length === 0) {
      if (Date.now() > deadline) throw new Error('the schedule never ran a sync');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [run] = await sync.history.list(SOURCE);
    expect(run).toMatchObject({ trigger: 'schedule', added: 3 });
    expect(await unscheduleSync(sync.queue, SOURCE)).toBe(true);
    expect(await unscheduleSync(sync.queue, SOURCE)).toBe(false);
    await expect(scheduleSync(sync.queue, { source: SOURCE })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

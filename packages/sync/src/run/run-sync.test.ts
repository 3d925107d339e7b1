import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeIndex } from '@switchboard/core';
import { EmbeddedIndex, ingestDocuments } from '@switchboard/knowledge';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { HashingEmbedder } from '../../../knowledge/src/ingest/fixtures/hashing-embedder.ts';
import type { Connector, DocumentRef, FetchOptions, FetchResult } from '../connector.ts';
import { DirectoryConnector } from '../connectors/directory/directory-connector.ts';
import { TransientSourceError } from '../errors.ts';
import { type RecordStore, RedisRecordStore } from '../records/record-store.ts';
import { type RunSyncOptions, runSync } from './run-sync.ts';

const SOURCE = 'help';

/** Wraps a connector to count fetches and, optionally, fail some of them. */
class CountingConnector implements Connector {
  readonly kind = 'counting';
  readonly fetched: string[] = [];
  /** Per document id: how many upcoming fetches throw a TransientSourceError. */
  readonly transientFailures = new Map<string, number>();

  constructor(readonly inner: Connector) {}

  list(): Promise<DocumentRef[]> {
    return this.inner.list();
  }

  async fetch(ref: DocumentRef, options?: FetchOptions): Promise<FetchResult> {
    this.fetched.push(ref.id);
    const failures = this.transientFailures.get(ref.id) ?? 0;
    if (failures > 0) {
      this.transientFailures.set(ref.id, failures - 1);
      throw new TransientSourceError(`${ref.id}: 503`);
    }
    return this.inner.fetch(ref, options);
  }
}

const page = (title: string, sections: string[]) =>
  `# ${title}\n\n${sections.map((s, i) => `## Part ${i + 1}\n\n${s}\n`).join('\n')}`;

describe('runSync (real Redis, embedded index, directory connector)', () => {
  let redis: Redis;
  let root: string;
  let indexDir: string;
  let index: KnowledgeIndex;
  let records: RedisRecordStore;
  let embedder: HashingEmbedder;
  let sleeps: number[];
  const prefixes: string[] = [];

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    }
    redis.disconnect();
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sb-sync-src-'));
    indexDir = await mkdtemp(join(tmpdir(), 'sb-sync-index-'));
    index = await EmbeddedIndex.open({ directory: indexDir });
    const prefix = `test:${randomUUID()}:`;
    prefixes.push(prefix);
    records = new RedisRecordStore({ redis, prefix });
    embedder = new HashingEmbedder();
    sleeps = [];
    await writeFile(
      join(root, 'billing.md'),
      page('Billing', ['Invoices arrive monthly.', 'Refunds take five days.']),
    );
    await writeFile(
      join(root, 'login.md'),
      page('Login', ['Reset your password from the login page.', 'Two-factor codes expire.']),
    );
    await writeFile(join(root, 'export.md'), page('Export', ['Export data as CSV from settings.']));
  });
  afterEach(async () => {
    try {
      await index.close();
    } finally {
      await rm(root, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    }
  });

  const connectorFor = (options: { maxBytes?: number } = {}) =>
    new CountingConnector(new DirectoryConnector({ root, ...options }));

  const sync = (connector: Connector, extra: Partial<RunSyncOptions> = {}) =>
    runSync({
      source: SOURCE,
      connector,
      index,
      records,
      embedder,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...extra,
    });

  const indexedDocs = async () =>
    [...new Set((await index.listChunks({ source: SOURCE })).map((c) => c.docId))].sort();

  it('adds everything on the first run, and fetches and embeds nothing on an unchanged re-run', async () => {
    const first = connectorFor();
    const progress: string[] = [];
    const summary = await sync(first, { onProgress: (p) => progress.push(p.stage) });
    expect(summary).toMatchObject({ added: 3, updated: 0, unchanged: 0, deleted: 0, failed: [] });
    expect(summary.embedded).toBeGreaterThan(0);
    expect(summary.reconcile).toEqual({
      ok: true,
      missingInIndex: [],
      orphanedInIndex: [],
      repaired: false,
    });
    expect(await indexedDocs()).toEqual(['billing.md', 'export.md', 'login.md']);
    expect(progress[0]).toBe('listing');
    expect(progress.at(-1)).toBe('done');
    const record = await records.get(SOURCE, 'billing.md');
    expect(record?.status).toBe('indexed');
    expect(record?.chunkIds).toEqual(
      (await index.listChunks({ docId: 'billing.md' })).map((c) => c.id).sort(),
    );

    const callsBefore = embedder.embeddedTexts;
    const again = connectorFor();
    const second = await sync(again);
    expect(again.fetched).toEqual([]);
    expect(embedder.embeddedTexts).toBe(callsBefore);
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 3, deleted: 0, embedded: 0 });
    expect(second.reconcile.ok).toBe(true);
  });

  it('sends a first sync to the embedder in full calls of 100 texts', async () => {
    // 250 documents of 2 chunks (the 3 of beforeEach removed): batches of 100 + 100 + 50
    // documents bring 200 + 200 + 100 new chunks, so every call carries 100 texts.
    await rm(root, { recursive: true, force: true });
    await mkdir(root);
    for (let i = 0; i < 250; i++)
      await writeFile(join(root, `doc-${i}.md`), page(`Doc ${i}`, [`First ${i}.`, `Second ${i}.`]));
    const summary = await sync(connectorFor());
    expect(summary).toMatchObject({ added: 250, embedded: 500, failed: [] });
    expect(embedder.calls.map((c) => c.length)).toEqual([100, 100, 100, 100, 100]);
    const record = await records.get(SOURCE, 'doc-7.md');
    expect(record?.chunkIds).toHaveLength(2);
    expect(record?.chunkIds).toEqual(
      (await index.listChunks({ docId: 'doc-7.md' })).map((c) => c.id).sort(),
    );
  });

  it('re-embeds only the changed chunks of an edited document', async () => {
    await sync(connectorFor());
    const before = embedder.embeddedTexts;
    await writeFile(
      join(root, 'billing.md'),
      page('Billing', ['Invoices arrive monthly.', 'Refunds now take up to ten business days.']),
    );
    const connector = connectorFor();
    const summary = await sync(connector);
    expect(connector.fetched).toEqual(['billing.md']);
    expect(summary).toMatchObject({ added: 0, updated: 1, unchanged: 2, deleted: 0 });
    expect(summary.embedded).toBe(1);
    expect(embedder.embeddedTexts - before).toBe(1);
    expect(embedder.calls.at(-1)?.join(' ')).toContain('ten business days');
    expect((await records.get(SOURCE, 'billing.md'))?.chunkIds).toEqual(
      (await index.listChunks({ docId: 'billing.md' })).map((c) => c.id).sort(),
    );
  });

  it('deletes a removed file from the index and the record store', async () => {
    await sync(connectorFor());
    await rm(join(root, 'export.md'));
    const summary = await sync(connectorFor());
    expect(summary).toMatchObject({ deleted: 1, unchanged: 2 });
    expect(await index.listChunks({ docId: 'export.md' })).toEqual([]);
    expect(await records.get(SOURCE, 'export.md')).toBeUndefined();
    expect(summary.reconcile.ok).toBe(true);
  });

  it('reports a permanently failing file while indexing the others, and failed-only retries only it', async () => {
    await writeFile(join(root, 'huge.md'), page('Huge', ['x'.repeat(400)]));
    const summary = await sync(connectorFor({ maxBytes: 300 }));
    expect(summary.added).toBe(3);
    expect(summary.failed).toEqual([
      { docId: 'huge.md', reason: 'too_large', message: expect.stringContaining('huge.md') },
    ]);
    expect(await indexedDocs()).toEqual(['billing.md', 'export.md', 'login.md']);
    expect((await records.get(SOURCE, 'huge.md'))?.status).toBe('failed');
    expect(summary.reconcile.ok).toBe(true);

    const retry = connectorFor({ maxBytes: 10_000 });
    const second = await sync(retry, { mode: 'failed-only' });
    expect(retry.fetched).toEqual(['huge.md']);
    expect(second).toMatchObject({ mode: 'failed-only', added: 1, failed: [] });
    expect((await records.get(SOURCE, 'huge.md'))?.status).toBe('indexed');
    expect(await indexedDocs()).toContain('huge.md');
  });

  it('reconciles chunks deleted behind its back, so the run after is consistent', async () => {
    await sync(connectorFor());
    await index.deleteDocuments(['login.md']);
    const repair = await sync(connectorFor());
    expect(repair.reconcile).toEqual({
      ok: false,
      missingInIndex: ['login.md'],
      orphanedInIndex: [],
      repaired: true,
    });
    expect(await records.get(SOURCE, 'login.md')).toBeUndefined();

    const connector = connectorFor();
    const after = await sync(connector);
    expect(connector.fetched).toEqual(['login.md']);
    expect(after).toMatchObject({ added: 1, unchanged: 2 });
    expect(after.reconcile.ok).toBe(true);
    expect(await indexedDocs()).toContain('login.md');
  });

  it('deletes index documents of the source that have no record', async () => {
    await sync(connectorFor());
    await ingestDocuments({
      documents: [
        {
          id: 'stray.md',
          title: 'Stray',
          text: 'Left over by a crash.',
          format: 'text',
          source: SOURCE,
        },
      ],
      index,
    });
    const summary = await sync(connectorFor());
    expect(summary.reconcile).toMatchObject({
      ok: false,
      orphanedInIndex: ['stray.md'],
      repaired: true,
    });
    expect(await index.listChunks({ docId: 'stray.md' })).toEqual([]);
  });

  it('retries a transient failure with backoff, and records `transient` once retries are exhausted', async () => {
    const connector = connectorFor();
    connector.transientFailures.set('login.md', 1);
    connector.transientFailures.set('export.md', 10);
    const summary = await sync(connector, { retry: { retries: 3, baseDelayMs: 100 } });
    expect(connector.fetched.filter((id) => id === 'login.md')).toHaveLength(2);
    expect(connector.fetched.filter((id) => id === 'export.md')).toHaveLength(4);
    // export.md is listed before login.md: three doubling waits, then login.md's one.
    expect(sleeps).toEqual([100, 200, 400, 100]);
    expect(summary.added).toBe(2);
    expect(summary.failed).toEqual([
      { docId: 'export.md', reason: 'transient', message: 'export.md: 503' },
    ]);
    expect(await indexedDocs()).toEqual(['billing.md', 'login.md']);
  });

  it('converges after a crash between writing chunks and writing the record', async () => {
    let puts = 0;
    const crashing: RecordStore = {
      list: (source) => records.list(source),
      get: (source, docId) => records.get(source, docId),
      delete: (source, docIds) => records.delete(source, docIds),
      clear: (source) => records.clear(source),
      sources: () => records.sources(),
      put: async (source, record) => {
        // Dies at the second record (export.md): the batch's chunks are all stored by then.
        if (++puts === 2) throw new Error('process killed');
        return records.put(source, record);
      },
    };
    await expect(sync(connectorFor(), { records: crashing })).rejects.toThrow('process killed');
    expect(await records.get(SOURCE, 'export.md')).toBeUndefined();
    expect((await index.listChunks({ docId: 'export.md' })).length).toBeGreaterThan(0);
    const connector = connectorFor();
    const summary = await sync(connector);
    expect(connector.fetched).toEqual(['export.md', 'login.md']);
    expect(summary).toMatchObject({ added: 2, unchanged: 1, failed: [] });
    // The batch stored every document's chunks before the first record: nothing is embedded again.
    expect(summary.embedded).toBe(0);
    expect(summary.reconcile.ok).toBe(true);
    expect((await records.list(SOURCE)).map((r) => r.docId)).toEqual(await indexedDocs());
  });
});

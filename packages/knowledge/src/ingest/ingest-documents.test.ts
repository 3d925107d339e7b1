import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Embedder,
  type KnowledgeIndex,
  type SourceDocument,
  SwitchboardError,
} from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedIndex } from '../embedded/embedded-index.ts';
import { HashingEmbedder } from './fixtures/hashing-embedder.ts';
import { ingestDocuments, MAX_EMBED_BATCH } from './ingest-documents.ts';

const router = (reset = 'Hold the reset button for ten seconds.'): SourceDocument => ({
  id: 'router.md',
  title: 'Router',
  format: 'markdown',
  source: 'help',
  text: `# Router\n\n## Setup\n\nPlug the cable into the wall socket.\n\n## Reset\n\n${reset}\n\n## Lights\n\nA green light means online.`,
});

const billing = (): SourceDocument => ({
  id: 'billing.md',
  title: 'Billing',
  format: 'markdown',
  source: 'help',
  text: '# Billing\n\n## Refunds\n\nRefunds arrive within thirty days.\n\n## Invoices\n\nInvoices are sent monthly.',
});

describe('ingestDocuments', () => {
  let directory: string;
  let index: KnowledgeIndex;
  let embedder: HashingEmbedder;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-ingest-'));
    index = await EmbeddedIndex.open({ directory });
    embedder = new HashingEmbedder();
  });

  afterEach(async () => {
    try {
      await index.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('chunks, embeds and stores every chunk on the first run', async () => {
    const report = await ingestDocuments({ documents: [router(), billing()], index, embedder });

    expect(report).toEqual({
      documents: 2,
      chunks: 5,
      added: 5,
      unchanged: 0,
      removed: 0,
      failed: [],
      embedded: 5,
    });
    expect(await index.count()).toBe(5);
    // Embedded with their context, so a short chunk still says what it is about.
    expect(embedder.calls.flat()).toContain(
      'Router > Reset\n\nHold the reset button for ten seconds.',
    );
    const hits = await index.search({
      text: 'refund',
      vector: await embedder.embedQuery('refund'),
      limit: 3,
    });
    expect(hits[0]?.chunk.sectionPath).toEqual(['Refunds']);
    expect(hits[0]?.dense).toBeGreaterThan(0);
  });

  it('embeds and adds nothing when the documents did not change', async () => {
    await ingestDocuments({ documents: [router(), billing()], index, embedder });
    embedder.calls.length = 0;

    const report = await ingestDocuments({ documents: [router(), billing()], index, embedder });

    expect(report).toEqual({
      documents: 2,
      chunks: 5,
      added: 0,
      unchanged: 5,
      removed: 0,
      failed: [],
      embedded: 0,
    });
    expect(embedder.calls).toEqual([]);
    expect(await index.count()).toBe(5);
  });

  it('re-embeds only the edited chunk of an edited document and removes the stale one', async () => {
    await ingestDocuments({ documents: [router(), billing()], index, embedder });
    embedder.calls.length = 0;

    const report = await ingestDocuments({
      documents: [router('Press reset with a paperclip until the lights flash.'), billing()],
      index,
      embedder,
    });

    expect(report).toMatchObject({
      documents: 2,
      chunks: 5,
      added: 1,
      unchanged: 4,
      removed: 1,
      embedded: 1,
    });
    expect(embedder.calls).toEqual([
      ['Router > Reset\n\nPress reset with a paperclip until the lights flash.'],
    ]);
    expect(await index.count()).toBe(5);
    expect((await index.search({ text: 'paperclip', limit: 3 }))[0]?.chunk.docId).toBe('router.md');
    expect(await index.search({ text: 'ten seconds', limit: 3 })).toEqual([]);
  });

  it('reports a document the embedder rejects, keeps its old chunks, and ingests the rest', async () => {
    await ingestDocuments({ documents: [router()], index, embedder });
    embedder.poison = 'POISON';
    embedder.calls.length = 0;

    const report = await ingestDocuments({
      documents: [router('POISON text the provider refuses.'), billing()],
      index,
      embedder,
    });

    expect(report.failed).toEqual([
      { docId: 'router.md', reason: expect.stringMatching(/^embedding failed: .*POISON/) },
    ]);
    expect(report).toMatchObject({ documents: 1, added: 2, removed: 0 });
    // One joint call, then one retry per document.
    expect(embedder.calls.map((c) => c.length)).toEqual([3, 1, 2]);
    expect(report.embedded).toBe(6);
    expect((await index.search({ text: 'ten seconds', limit: 3 }))[0]?.chunk.docId).toBe(
      'router.md',
    );
    expect(await index.count()).toBe(5);
  });

  it('reports unchunkable, empty and duplicate documents and goes on', async () => {
    const broken = { ...billing(), id: 'broken.md', text: undefined as unknown as string };
    const empty: SourceDocument = {
      id: 'nav.html',
      title: 'Nav',
      format: 'html',
      text: '<nav><a href="/">Home</a></nav>',
    };

    const report = await ingestDocuments({
      documents: [broken, empty, router(), router()],
      index,
      embedder,
    });

    expect(report.failed.map((f) => [f.docId, f.reason.split(':')[0]])).toEqual([
      ['broken.md', 'chunking failed'],
      ['nav.html', 'no indexable text'],
      ['router.md', 'duplicate document id in this ingest'],
    ]);
    expect(report).toMatchObject({ documents: 1, chunks: 3, added: 3 });
  });

  it('batches embedding calls and index writes by batchSize', async () => {
    const docs = Array.from(
      { length: 5 },
      (_, i): SourceDocument => ({
        id: `d${i}.txt`,
        title: `D${i}`,
        format: 'text',
        text: `Document number ${i} about topic ${i}.`,
      }),
    );
    let upserts = 0;
    const counting: KnowledgeIndex = {
      kind: 'counting',
      upsert: (chunks) => {
        upserts++;
        return index.upsert(chunks);
      },
      deleteDocuments: (ids) => index.deleteDocuments(ids),
      deleteChunks: (ids) => index.deleteChunks(ids),
      search: (query) => index.search(query),
      listChunks: (filter) => index.listChunks(filter),
      getDocumentChunks: (docId) => index.getDocumentChunks(docId),
      count: () => index.count(),
      close: () => index.close(),
    };

    const report = await ingestDocuments({
      documents: docs,
      index: counting,
      embedder,
      batchSize: 2,
      writeBatchSize: 2,
    });

    expect(report).toMatchObject({ documents: 5, added: 5, embedded: 5 });
    expect(embedder.calls.map((c) => c.length)).toEqual([2, 2, 1]);
    expect(upserts).toBe(3);

    // By default the whole (small) ingest is one write, whatever the embedder's batch size.
    await ingestDocuments({
      documents: docs.map((d) => ({ ...d, text: `${d.text} Revised.` })),
      index: counting,
      embedder,
      batchSize: 2,
    });
    expect(upserts).toBe(4);
  });

  it('fills every embedder call across document boundaries and reports the chunk ids it stored', async () => {
    // Three documents of three chunks each, four texts per call: 4 + 4 + 1, not 3 + 3 + 3.
    const docs = ['alpha', 'beta', 'gamma'].map(
      (word): SourceDocument => ({
        id: `${word}.md`,
        title: word,
        format: 'markdown',
        source: 'help',
        text: ['One', 'Two', 'Three'].map((n) => `## ${n}\n\n${word} section ${n}.`).join('\n\n'),
      }),
    );
    const stored = new Map<string, string[]>();
    const report = await ingestDocuments({
      documents: docs,
      index,
      embedder,
      batchSize: 4,
      onStored: (docId, chunkIds) => stored.set(docId, chunkIds),
    });

    expect(report).toMatchObject({ documents: 3, added: 9, embedded: 9, failed: [] });
    expect(embedder.calls.map((c) => c.length)).toEqual([4, 4, 1]);
    expect([...stored.keys()]).toEqual(['alpha.md', 'beta.md', 'gamma.md']);
    for (const [docId, chunkIds] of stored) {
      expect(chunkIds).toHaveLength(3);
      expect(chunkIds).toEqual((await index.listChunks({ docId })).map((c) => c.id).sort());
    }
  });

  it('stores the documents already embedded before handing up a rate limit', async () => {
    const docs = ['alpha', 'beta', 'gamma'].map(
      (word): SourceDocument => ({
        id: `${word}.md`,
        title: word,
        format: 'markdown',
        text: ['One', 'Two'].map((n) => `## ${n}\n\n${word} section ${n}.`).join('\n\n'),
      }),
    );
    let calls = 0;
    const limited: Embedder = {
      id: 'limited',
      embedQuery: (text) => embedder.embedQuery(text),
      embedDocuments: async (texts) => {
        // The second call (beta's second chunk and gamma's) is refused.
        if (++calls === 2)
          throw new SwitchboardError('RATE_LIMITED', '429', { details: { retryAfterMs: 10 } });
        return embedder.embedDocuments(texts);
      },
    };

    await expect(
      ingestDocuments({ documents: docs, index, embedder: limited, batchSize: 3 }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // alpha was whole after the first call and is kept; beta was half embedded and is not.
    expect([...new Set((await index.listChunks()).map((c) => c.docId))]).toEqual(['alpha.md']);

    embedder.calls.length = 0;
    const retry = await ingestDocuments({ documents: docs, index, embedder, batchSize: 3 });
    expect(retry).toMatchObject({ documents: 3, added: 4, unchanged: 2, embedded: 4 });
    expect(embedder.calls.map((c) => c.length)).toEqual([3, 1]);
  });

  it('stores chunks without vectors when no embedder is given', async () => {
    const report = await ingestDocuments({ documents: [billing()], index });

    expect(report).toMatchObject({ documents: 1, added: 2, embedded: 0 });
    expect((await index.search({ text: 'invoices monthly', limit: 1 }))[0]?.dense).toBeUndefined();
  });

  it('with replaceDocuments, deletes documents of the same source that are no longer given', async () => {
    const other: SourceDocument = {
      id: 'blog.txt',
      title: 'Blog',
      format: 'text',
      source: 'blog',
      text: 'News.',
    };
    await ingestDocuments({ documents: [router(), billing(), other], index, embedder });

    const report = await ingestDocuments({
      documents: [billing()],
      index,
      embedder,
      replaceDocuments: true,
    });

    expect(report).toMatchObject({ documents: 1, unchanged: 2, removed: 3 });
    expect((await index.listChunks()).map((c) => c.docId).sort()).toEqual([
      'billing.md',
      'billing.md',
      'blog.txt',
    ]);
    expect((await ingestDocuments({ documents: [], index, replaceDocuments: true })).removed).toBe(
      0,
    );
  });

  it('rejects a bad batch size', async () => {
    await expect(ingestDocuments({ documents: [], index, batchSize: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      ingestDocuments({ documents: [], index, batchSize: MAX_EMBED_BATCH + 1 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      ingestDocuments({ documents: [], index, writeBatchSize: 1.5 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

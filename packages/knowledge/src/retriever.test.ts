import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder, KnowledgeIndex, ScoredChunk, SearchQuery } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { EmbeddedIndex } from './embedded/embedded-index.ts';
import { HashingEmbedder } from './ingest/fixtures/hashing-embedder.ts';
import { ingestDocuments } from './ingest/ingest-documents.ts';
import { KnowledgeRetriever } from './retriever.ts';

/** An index that records queries and answers with canned hits. */
function recordingIndex(hits: ScoredChunk[]): KnowledgeIndex & { queries: SearchQuery[] } {
  const queries: SearchQuery[] = [];
  return {
    kind: 'recording',
    queries,
    upsert: async () => {},
    deleteDocuments: async () => 0,
    deleteChunks: async () => 0,
    search: async (query) => {
      queries.push(query);
      return hits.slice(0, query.limit);
    },
    listChunks: async () => [],
    getDocumentChunks: async () => [],
    count: async () => hits.length,
    close: async () => {},
  };
}

const hit = (id: string, coverage?: number): ScoredChunk => ({
  chunk: { id, docId: 'd', title: 'T', sectionPath: [], text: id, hash: 'h', position: 0 },
  score: 1,
  ...(coverage === undefined ? {} : { coverage }),
});

describe('KnowledgeRetriever', () => {
  it('searches lexically with the default limit and reports the best hit coverage as evidence', async () => {
    const index = recordingIndex([hit('a', 0.75), hit('b', 1)]);

    const retrieval = await new KnowledgeRetriever({ index }).retrieve('reset router');

    expect(index.queries).toEqual([{ text: 'reset router', limit: 8 }]);
    expect(retrieval.query).toBe('reset router');
    expect(retrieval.hits.map((h) => h.chunk.id)).toEqual(['a', 'b']);
    expect(retrieval.evidence).toBe(0.75);
  });

  it('embeds the query when an embedder is set and honours a per-call limit', async () => {
    const index = recordingIndex([hit('a', 0.5)]);
    const embedder = new HashingEmbedder();

    await new KnowledgeRetriever({ index, embedder, limit: 3 }).retrieve('reset router', {
      limit: 1,
    });

    expect(index.queries).toEqual([
      { text: 'reset router', vector: await embedder.embedQuery('reset router'), limit: 1 },
    ]);
  });

  it('gives evidence 0 without hits or when the best hit has no coverage', async () => {
    expect(
      (await new KnowledgeRetriever({ index: recordingIndex([]) }).retrieve('x')).evidence,
    ).toBe(0);
    expect(
      (await new KnowledgeRetriever({ index: recordingIndex([hit('dense-only')]) }).retrieve('x'))
        .evidence,
    ).toBe(0);
  });

  it('does not search for a blank query', async () => {
    const index = recordingIndex([hit('a', 1)]);

    expect(await new KnowledgeRetriever({ index }).retrieve('   ')).toEqual({
      query: '   ',
      hits: [],
      evidence: 0,
    });
    expect(index.queries).toEqual([]);
  });

  it('searches lexically when the query cannot be embedded, and says why', async () => {
    const failing: Embedder = {
      id: 'down',
      embedDocuments: async () => [],
      embedQuery: async () => {
        throw new Error('connection refused');
      },
    };
    const index = recordingIndex([hit('a', 0.5)]);
    const failures: unknown[] = [];

    const retrieval = await new KnowledgeRetriever({
      index,
      embedder: failing,
      onQueryEmbeddingFailed: (e) => failures.push(e),
    }).retrieve('hello');

    expect(index.queries).toEqual([{ text: 'hello', limit: 8 }]);
    expect(retrieval.hits.map((h) => h.chunk.id)).toEqual(['a']);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('connection refused');
  });

  it('does not wait for an embedder that never answers', async () => {
    const hanging: Embedder = {
      id: 'hanging',
      embedDocuments: () => new Promise(() => {}),
      embedQuery: () => new Promise(() => {}),
    };
    const index = recordingIndex([hit('a', 1)]);

    const retrieval = await new KnowledgeRetriever({
      index,
      embedder: hanging,
      queryEmbeddingTimeoutMs: 20,
    }).retrieve('hello');

    expect(index.queries).toEqual([{ text: 'hello', limit: 8 }]);
    expect(retrieval.evidence).toBe(1);
  });

  it('retrieves ingested chunks end to end from the embedded index', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sb-retriever-'));
    const index = await EmbeddedIndex.open({ directory });
    try {
      const embedder = new HashingEmbedder();
      await ingestDocuments({
        index,
        embedder,
        documents: [
          {
            id: 'wifi.md',
            title: 'Wi-Fi',
            format: 'markdown',
            text: '# Wi-Fi\n\n## Change the password\n\nOpen the admin page and choose a new network password.',
          },
          {
            id: 'bill.md',
            title: 'Billing',
            format: 'markdown',
            text: '# Billing\n\n## Refunds\n\nRefunds arrive within thirty days.',
          },
        ],
      });
      const retriever = new KnowledgeRetriever({ index, embedder });

      const answerable = await retriever.retrieve('How do I change my network password?');
      const unrelated = await retriever.retrieve('Do you sell garden furniture?');

      expect(answerable.hits[0]?.chunk.docId).toBe('wifi.md');
      expect(answerable.evidence).toBeGreaterThan(0.5);
      expect(unrelated.evidence).toBe(0);
    } finally {
      await index.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

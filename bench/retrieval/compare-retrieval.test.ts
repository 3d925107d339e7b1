import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '@switchboard/core';
import { EmbeddedIndex, ingestDocuments, KnowledgeRetriever } from '@switchboard/knowledge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../corpus.ts';
import { compareRetrieval } from './compare-retrieval.ts';
import { MiniSearchEngine } from './minisearch-engine.ts';

describe('compareRetrieval (300 sections)', () => {
  let directory: string;
  let index: EmbeddedIndex;
  let chunks: Chunk[];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'retrieval-bench-'));
    index = await EmbeddedIndex.open({ directory });
    const sections = generateCorpus({ sections: 300 });
    await ingestDocuments({
      documents: sections.map((s) => ({ ...s, format: 'text' as const })),
      index,
    });
    chunks = (await Promise.all(sections.map((s) => index.getDocumentChunks(s.id)))).flat();
  });
  afterAll(async () => {
    await index.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('times the three engines on the same labelled queries and finds the source chunk', async () => {
    const ours = new KnowledgeRetriever({ index, limit: 10 });
    const { runs, rows } = await compareRetrieval({ label: 't', chunks, ours, count: 60 });
    expect(runs.map((r) => r.name)).toEqual(['ours', 'minisearch', 'bruteforce']);
    // Each query is 3–6 consecutive words of its chunk: every engine should rank it high.
    for (const run of runs) expect(run.mrr).toBeGreaterThan(0.6);
    expect(rows.map((r) => r.name)).toEqual([
      'retrieval_t_ms_p50_vs_minisearch',
      'retrieval_t_ms_p99_vs_minisearch',
      'retrieval_t_mrr10_vs_minisearch',
      'retrieval_t_ms_p50_vs_bruteforce',
      'retrieval_t_ms_p99_vs_bruteforce',
      'retrieval_t_mrr10_vs_bruteforce',
    ]);
    expect(rows[2]).toMatchObject({ value: runs[0]!.mrr, baseline: runs[1]!.mrr });
  });

  it('MiniSearch returns chunk ids, best first, at most `limit`', () => {
    const engine = new MiniSearchEngine(chunks);
    const target = chunks[42]!;
    const found = engine.search(target.text.split(' ').slice(2, 7).join(' '), 3);
    expect(found).toHaveLength(3);
    expect(found[0]).toBe(target.id);
  });
});

import type { Chunk, Retriever } from '@switchboard/core';
import { mrrAtK } from '@switchboard/evaluation';
import { labelledQueries } from '../corpus.ts';
import { type BenchResult, percentile, versus } from '../stats.ts';
import { BruteForceBm25 } from './brute-force-bm25.ts';
import { MiniSearchEngine } from './minisearch-engine.ts';

const LIMIT = 10;
const WARMUP = 20;

/** One engine's timings and answer quality over the shared queries. */
export interface EngineRun {
  name: string;
  p50: number;
  p99: number;
  /** MRR@10 against each query's source chunk. */
  mrr: number;
}

/**
 * Ours (the retriever as the answer path calls it) against MiniSearch and brute-force BM25 over
 * the very same chunks, on the very same `count` labelled queries (words of a chunk, labelled
 * with it), each engine with the same warm-up, in this process.
 */
export async function compareRetrieval(options: {
  label: string;
  chunks: readonly Chunk[];
  ours: Retriever;
  count?: number;
}): Promise<{ runs: EngineRun[]; rows: BenchResult[] }> {
  const { chunks, label } = options;
  const queries = labelledQueries(chunks, options.count ?? 500);
  const minisearch = new MiniSearchEngine(chunks);
  const brute = new BruteForceBm25();
  for (const c of chunks) brute.add(c.id, `${[c.title, ...c.sectionPath].join(' ')}\n${c.text}`);
  const engines: Array<[string, (q: string) => Promise<string[]> | string[]]> = [
    [
      'ours',
      async (q) => (await options.ours.retrieve(q, { limit: LIMIT })).hits.map((h) => h.chunk.id),
    ],
    ['minisearch', (q) => minisearch.search(q, LIMIT)],
    ['bruteforce', (q) => brute.search(q, LIMIT).map((h) => h.id)],
  ];
  for (const [, search] of engines) for (const q of queries.slice(0, WARMUP)) await search(q.text);
  // Interleaved, in a rotating order: a load change on a shared machine hits every engine alike.
  const times = engines.map((): number[] => []);
  const reciprocal = engines.map(() => 0);
  for (const [i, q] of queries.entries()) {
    for (let k = 0; k < engines.length; k++) {
      const e = (i + k) % engines.length;
      const t0 = performance.now();
      const ids = await engines[e]![1](q.text);
      times[e]!.push(performance.now() - t0);
      reciprocal[e]! += mrrAtK(ids, new Set([q.answer]), LIMIT);
    }
  }
  const runs: EngineRun[] = engines.map(([name], e) => ({
    name,
    p50: percentile(times[e]!, 50),
    p99: percentile(times[e]!, 99),
    mrr: reciprocal[e]! / queries.length,
  }));
  const [ours, ...baselines] = runs as [EngineRun, ...EngineRun[]];
  const rows = baselines.flatMap((b) => [
    versus(`retrieval_${label}_ms_p50_vs_${b.name}`, 'ms', ours.p50, b.p50),
    versus(`retrieval_${label}_ms_p99_vs_${b.name}`, 'ms', ours.p99, b.p99),
    versus(`retrieval_${label}_mrr10_vs_${b.name}`, 'MRR@10', ours.mrr, b.mrr),
  ]);
  return { runs, rows };
}

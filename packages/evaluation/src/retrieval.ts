import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '@switchboard/core';
import {
  EmbeddedIndex,
  ingestDocuments,
  KnowledgeRetriever,
  loadJsonlCorpus,
} from '@switchboard/knowledge';
import { foldToDocuments, hitAtK, mrrAtK, ndcgAtK, percentile } from './ranking-metrics.ts';
import { loadQuestions } from './retrieval-data.ts';

export interface RetrievalEvalReport {
  n: number;
  hit_at_1: number;
  hit_at_3: number;
  hit_at_5: number;
  hit_at_10: number;
  mrr_at_10: number;
  ndcg_at_10: number;
  query_ms_p50: number;
  query_ms_p99: number;
  index_seconds: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Indexes a JSONL corpus through the production path (loader → chunker → embedded index) in a
 * temporary directory, asks every question through the retriever, and scores the ranking of
 * distinct corpus ids (chunks folded to their document, best first).
 */
export async function evaluateRetrieval(options: {
  corpusPath: string;
  questionsPath: string;
  embedder?: Embedder;
}): Promise<RetrievalEvalReport> {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-eval-'));
  const index = await EmbeddedIndex.open({ directory });
  try {
    const started = performance.now();
    const { documents } = await loadJsonlCorpus(options.corpusPath);
    await ingestDocuments({
      documents,
      index,
      ...(options.embedder ? { embedder: options.embedder } : {}),
    });
    const indexSeconds = (performance.now() - started) / 1000;
    const retriever = new KnowledgeRetriever({
      index,
      limit: 50,
      ...(options.embedder ? { embedder: options.embedder } : {}),
    });
    const questions = await loadQuestions(options.questionsPath);
    const scores = {
      h1: [] as number[],
      h3: [] as number[],
      h5: [] as number[],
      h10: [] as number[],
      mrr: [] as number[],
      ndcg: [] as number[],
    };
    const latencies: number[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      const retrieval = await retriever.retrieve(q.question, { limit: 50 });
      latencies.push(performance.now() - t0);
      const ranked = foldToDocuments(
        retrieval.hits.map((h) => ({ docId: h.chunk.docId, score: h.score })),
      );
      const relevant = new Set(q.relevant);
      scores.h1.push(hitAtK(ranked, relevant, 1));
      scores.h3.push(hitAtK(ranked, relevant, 3));
      scores.h5.push(hitAtK(ranked, relevant, 5));
      scores.h10.push(hitAtK(ranked, relevant, 10));
      scores.mrr.push(mrrAtK(ranked, relevant, 10));
      scores.ndcg.push(ndcgAtK(ranked, relevant, 10));
    }
    return {
      n: questions.length,
      hit_at_1: mean(scores.h1),
      hit_at_3: mean(scores.h3),
      hit_at_5: mean(scores.h5),
      hit_at_10: mean(scores.h10),
      mrr_at_10: mean(scores.mrr),
      ndcg_at_10: mean(scores.ndcg),
      query_ms_p50: percentile(latencies, 50),
      query_ms_p99: percentile(latencies, 99),
      index_seconds: indexSeconds,
    };
  } finally {
    await index.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * `npm run bench [-- --json] [-- --quick]`: latency and memory of the answer path, each next to a
 * baseline measured in the same run. Prints a table, or one JSON object per line with --json.
 * --quick runs the ingestion benchmark on 2,000 documents instead of 10,000 (about 15 s instead
 * of about 3 min). The web widget's gzipped bundle is measured next to botframework-webchat's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Assistant, type ConversationStore } from '@switchboard/assistant';
import { SAMPLE_PATHS } from '@switchboard/config';
import type { Turn } from '@switchboard/core';
import { EmbeddedIndex, ingestDocuments, KnowledgeRetriever } from '@switchboard/knowledge';
import { trainOfflineParts } from '@switchboard/runtime';
import { BruteForceBm25 } from './brute-force-bm25.ts';
import { benchChatReply } from './chat-reply.ts';
import { generateCorpus, generateQueries } from './corpus.ts';
import {
  INGEST_TARGETS,
  ingestBenchResults,
  runIngestBenchmark,
} from './ingest/ingest-benchmark.ts';
import { measureServerMemory } from './server-memory.ts';
import { type BenchResult, percentile, timeEach } from './stats.ts';
import { WIDGET_TARGET, widgetSizeResults } from './widget-size.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const results: BenchResult[] = [];
const record = (r: BenchResult) => {
  results.push(r);
  if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
};
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Memory is not part of a turn's latency here: keep it in-process so the numbers are compute. */
class InProcessStore implements ConversationStore {
  readonly #turns = new Map<string, Turn[]>();
  async load(id: string) {
    return this.#turns.get(id) ?? [];
  }
  async append(id: string, turns: Turn[]) {
    this.#turns.set(id, [...(this.#turns.get(id) ?? []), ...turns].slice(-12));
  }
}

async function benchAnswerPath(directory: string): Promise<void> {
  progress('answer path on the sample data');
  const { examples, brandVoice, retriever, router, topic, index } = await trainOfflineParts({
    brandDataPath: SAMPLE_PATHS.brandData,
    knowledgePath: SAMPLE_PATHS.knowledge,
    outOfScopePath: SAMPLE_PATHS.outOfScope,
    indexDirectory: join(directory, 'sample-index'),
  });
  const assistant = new Assistant({
    brandVoice,
    retriever,
    router,
    topic,
    memory: new InProcessStore(),
  });
  const questions = examples.slice(0, 300).map((e) => e.text);
  let i = 0;
  const reply = await timeEach(questions, (text) =>
    assistant.reply({ conversationId: `b${i++ % 50}`, text, channel: 'api' }),
  );
  const classify = await timeEach(questions, (text) => brandVoice.classify(text));
  record({
    name: 'route_brand_reply_ms_p50',
    value: percentile(reply, 50),
    unit: 'ms',
    baseline: percentile(classify, 50),
    ratio: percentile(reply, 50) / percentile(classify, 50),
  });
  record({
    name: 'route_brand_reply_ms_p99',
    value: percentile(reply, 99),
    unit: 'ms',
    baseline: percentile(classify, 99),
    ratio: percentile(reply, 99) / percentile(classify, 99),
  });
  await index.close();
}

async function benchRetrieval(
  directory: string,
  corpus: ReturnType<typeof generateCorpus>,
): Promise<void> {
  progress(`retrieval on a generated ${corpus.length}-section corpus`);
  const index = await EmbeddedIndex.open({ directory: join(directory, 'bench-index') });
  const t0 = performance.now();
  await ingestDocuments({
    documents: corpus.map((c) => ({
      id: c.id,
      title: c.title,
      text: c.text,
      format: 'text' as const,
    })),
    index,
  });
  record({ name: 'index_10k_sections_seconds', value: (performance.now() - t0) / 1000, unit: 's' });
  const retriever = new KnowledgeRetriever({ index, limit: 10 });
  const baseline = new BruteForceBm25();
  for (const c of corpus) baseline.add(c.id, `${c.title}\n${c.text}`);
  const queries = generateQueries(corpus, 500);
  const ours = await timeEach(queries, (q) => retriever.retrieve(q));
  const naive = await timeEach(queries.slice(0, 100), (q) => baseline.search(q, 10), 5);
  for (const p of [50, 99]) {
    const value = percentile(ours, p);
    const base = percentile(naive, p);
    record({
      name: `retrieval_10k_ms_p${p}`,
      value,
      unit: 'ms',
      baseline: base,
      ratio: value / base,
    });
  }
  await index.close();
}

async function main(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  try {
    progress('web widget bundle size vs. botframework-webchat');
    for (const row of await widgetSizeResults()) record(row);
    await benchAnswerPath(directory);
    progress('chat replies through the runtime npm start builds (sample data, Redis memory)');
    const chat = await benchChatReply();
    record({ name: 'chat_reply_ms_p50', value: chat.p50, unit: 'ms' });
    record({ name: 'chat_reply_ms_p99', value: chat.p99, unit: 'ms' });
    const corpus = generateCorpus({ sections: 10_000 });
    await benchRetrieval(directory, corpus);
    progress('server memory after indexing (spawns the real server twice)');
    const corpusPath = join(directory, 'corpus-10k.jsonl');
    await writeFile(corpusPath, corpus.map((c) => JSON.stringify(c)).join('\n'));
    const sample = await measureServerMemory({
      knowledgePath: SAMPLE_PATHS.knowledge,
      directory: join(directory, 'srv-sample'),
    });
    const big = await measureServerMemory({
      knowledgePath: corpusPath,
      directory: join(directory, 'srv-10k'),
    });
    record({
      name: 'server_rss_after_indexing_10k_mb',
      value: big,
      unit: 'MB',
      baseline: sample,
      ratio: big / sample,
    });
    const documents = quick ? 2_000 : 10_000;
    progress(
      `ingestion of ${documents} documents: ours vs. LangChain index() (about 3 min at 10k)`,
    );
    const ingestion = await runIngestBenchmark({
      directory: join(directory, 'ingest'),
      documents,
      progress,
    });
    for (const row of ingestBenchResults(ingestion)) record(row);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  if (!json) {
    const rows = results.map((r) => [
      r.name,
      r.value.toFixed(2),
      r.unit,
      r.baseline?.toFixed(2) ?? '',
      r.ratio?.toFixed(2) ?? '',
    ]);
    const head = ['benchmark', 'value', 'unit', 'baseline', 'ratio'];
    const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    process.stdout.write(
      `${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
    );
    process.stdout.write(
      '\nchat_reply has no baseline in the run: compare it with `npx tsx bench/chat-reply.ts` on an older commit.\nbaselines: route_brand_reply vs. classification alone; retrieval vs. brute-force BM25 over every section; server RSS vs. the same server on the 20-article sample. ratio = value / baseline.\n',
    );
    process.stdout.write(`${INGEST_TARGETS}\n`);
    process.stdout.write(`${WIDGET_TARGET}\n`);
  }
}

await main();

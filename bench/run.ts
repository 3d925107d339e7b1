/**
 * `npm run bench [-- --json] [-- --quick] [-- --scale=100k]`: speed and memory, each next to a
 * baseline measured in the same run on the same data and counts. Prints a table (or one JSON
 * object per line with --json), then the scale table.
 *
 * - warm start: `npm start` on the sample until /readyz vs. a bare Fastify server (bench/start/);
 * - chat over HTTP: our server vs. a retrieve-and-reply baseline server (bench/chat/);
 * - ingestion: our sync vs. LangChain index() on its own store (bench/ingest/);
 * - scale: 1k and 10k sections (--scale=100k adds 100k, which takes many minutes; --quick
 *   keeps 1k only and ingests 1,000 articles): first sync through the server, retrieval against
 *   MiniSearch and brute force, /api/chat throughput, peak RSS, growth exponent (bench/scale/).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '@switchboard/local-redis';
import { benchChatHttp } from './chat/chat-http.ts';
import {
  INGEST_TARGETS,
  ingestBenchResults,
  runIngestBenchmark,
} from './ingest/ingest-benchmark.ts';
import { measureScalePoint, type ScalePoint } from './scale/scale-point.ts';
import { formatScaleTable, scaleComparisonRows } from './scale/scale-table.ts';
import { measureWarmStart, warmStartRows } from './start/warm-start.ts';
import type { BenchResult } from './stats.ts';
import { WIDGET_TARGET, widgetSizeResults } from './widget-size.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const scaleFlag = process.argv.find((a) => a.startsWith('--scale='));
const largest = /^--scale=(1|10|100)k$/.exec(scaleFlag ?? '');
if (scaleFlag && !largest)
  throw new Error(`${scaleFlag}: use --scale=1k, --scale=10k or --scale=100k`);
const SIZES = [1_000, 10_000, 100_000].filter(
  (n) => n <= (largest ? Number(largest[1]) * 1_000 : quick ? 1_000 : 10_000),
);
const results: BenchResult[] = [];
const record = (r: BenchResult) => {
  results.push(r);
  if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
};
const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`bench ${((performance.now() - started) / 1000).toFixed(0)}s: ${line}\n`);

const NOTES = `
baselines (ratio = value / baseline; for req/s higher is better, for the rest lower):
- start_warm_*: \`npm start\` on the sample (its own data directory and Redis prefix; one cold start first), spawn → first /readyz 200 polled every 10 ms, median of 5, and the CPU of its process group (npm included) at that moment; baseline = bench/start/bare-server.mjs, Fastify with one /readyz route run by node directly, 5 starts. Target: ≤ 1.5 s (issue 12).
- chat_http: POST /api/chat on loopback, JSON, held-out routing questions + small talk in conversations of 3, one server alone at a time; baseline = bench/chat/baseline-server.ts, a retrieve-and-reply bot with the same Fastify body validation, Redis rate limit and Redis conversation memory + index (the product's classes), answering with one MiniSearch lookup over the same help centre and brand examples.
- healthz_req_per_s: GET /healthz on our server (after the chat rows, same process) with 10 callers for 3 s; baseline = GET /readyz on bench/start/bare-server.mjs (Fastify, one route, nothing behind it), same callers and time. Target: ≥ 0.5 (issue 12).
- in-process reply time without a baseline, to compare commits: \`npx tsx bench/chat-reply.ts\` (not in this run).
- retrieval_<size>: our retriever (lexical, in process, on the index the server built) vs. MiniSearch (inverted index, BM25+) and brute-force BM25 over the same chunks, same 500 labelled queries, same warm-up; MRR@10 against the chunk each query was taken from.
- scale_*: generated help centre (bench/ingest/document-corpus.ts, 3 sections per article); the real server (npm start entry, embedded index, private Redis, default log level) starts on an empty folder, the articles are moved in once it is ready, and its folder watch runs the sync: first sync = that run's sync.run.finished durationMs, with no start-up work competing. Then a restart on the synced data (restart→ready), 10 callers asking doc questions (chat req/s, share answered from the docs); peak = the larger VmHWM of the two processes. Growth exponent = log-log slope of first-sync time between sizes (1 = linear).
- ${INGEST_TARGETS}
- ${WIDGET_TARGET}
The machine is shared (2 cores, other work running): figures are noisy, compare ratios from one run.`;

async function main(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
  const redis = await startRedisServer({ directory: join(directory, 'redis') });
  const points: ScalePoint[] = [];
  try {
    progress('web widget bundle size vs. botframework-webchat');
    for (const row of await widgetSizeResults()) record(row);
    progress('warm start: npm start on the sample vs. a bare Fastify server (median of 5)');
    const starts = await measureWarmStart({ directory, redisUrl: redis.url, progress });
    for (const row of warmStartRows(starts)) record(row);
    progress('chat over HTTP: our server vs. the retrieve-and-reply baseline (sample data)');
    for (const row of await benchChatHttp({ directory, redisUrl: redis.url, progress }))
      record(row);
    const documents = quick ? 1_000 : 3_334;
    progress(`ingestion of ${documents} articles: our sync vs. LangChain index()`);
    const ingestion = await runIngestBenchmark({
      directory: join(directory, 'ingest'),
      redisUrl: redis.url,
      documents,
      progress,
    });
    for (const row of ingestBenchResults(ingestion)) record(row);
    for (const sections of SIZES) {
      const label = `${sections / 1_000}k`;
      const { point, rows } = await measureScalePoint({
        label,
        sections,
        directory,
        redisUrl: redis.url,
        progress,
      });
      points.push(point);
      for (const row of rows) record(row);
    }
    for (const row of scaleComparisonRows(points)) record(row);
  } finally {
    await redis.stop();
    await rm(directory, { recursive: true, force: true });
  }
  if (!json) {
    const rows = results.map((r) => [
      r.name,
      r.value.toFixed(3),
      r.unit,
      r.baseline?.toFixed(3) ?? '',
      r.ratio?.toFixed(3) ?? '',
    ]);
    const head = ['benchmark', 'value', 'unit', 'baseline', 'ratio'];
    const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    process.stdout.write(
      `${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
    );
    process.stdout.write(
      `\nscale (sections per size: ${SIZES.join(', ')})\n${formatScaleTable(points)}\n`,
    );
    process.stdout.write(`${NOTES}\n`);
  }
}

await main();

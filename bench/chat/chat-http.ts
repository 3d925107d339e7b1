import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_PATHS } from '@switchboard/config';
import { startScript, startServer } from '../server-process.ts';
import { type BenchResult, percentile, timeEach, versus } from '../stats.ts';
import { askChat, closedLoop, tally } from './chat-client.ts';

/** The warm-start baseline: Fastify with one /readyz route, no loader, no work behind it. */
const BARE_SERVER = fileURLToPath(new URL('../start/bare-server.mjs', import.meta.url));
/** How long each side's probe route is loaded. */
const PROBE_MS = 3_000;

/** Requests per second a GET route answers with `CONCURRENCY` callers (each answer must be 200). */
async function probeThroughput(url: string, path: string): Promise<number> {
  const load = await closedLoop({
    concurrency: CONCURRENCY,
    durationMs: PROBE_MS,
    work: async () => {
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    },
  });
  return load.completed / load.seconds;
}

const SMALL_TALK = ['hi', 'thanks a lot', 'yeah spot on', 'are you a bot?', 'bye', 'ok cool'];
/** Messages per conversation: from the second on, memory holds earlier turns. */
const TURNS = 3;
const CONCURRENCY = 10;

/** The sample's held-out routing questions (none is a brand-voice training example) + small talk. */
async function heldOutMessages(): Promise<string[]> {
  const path = fileURLToPath(new URL('../../data/sample/routing-test.jsonl', import.meta.url));
  const questions = (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text);
  return [...questions, ...SMALL_TALK];
}

interface ChatFigures {
  p50: number;
  p99: number;
  rps: number;
  routes: Record<string, number>;
}

async function measure(
  server: { url: string },
  messages: string[],
  tag: string,
  durationMs: number,
) {
  const conversation = (i: number) => `${tag}-${Math.floor(i / TURNS)}`;
  let i = 0;
  const rounds = [...messages, ...messages, ...messages];
  const times = await timeEach(rounds, (text) => askChat(server.url, text, conversation(i++)));
  const load = await closedLoop({
    concurrency: CONCURRENCY,
    durationMs,
    work: (n) => askChat(server.url, messages[n % messages.length]!, conversation(10_000 + n)),
  });
  const figures: ChatFigures = {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    rps: load.completed / load.seconds,
    routes: tally(load.results.map((r) => r.route)),
  };
  return figures;
}

/**
 * `/api/chat` over HTTP on loopback, each server alone on the machine in turn: ours (`npm
 * start`'s server on the sample, Redis memory) and the retrieve-and-reply baseline
 * (`baseline-server.ts`: same HTTP, rate-limit and memory work, one MiniSearch lookup instead of
 * our pipeline). Held-out messages in conversations of 3; latency one message at a time, then
 * throughput with 10 callers for `durationMs`.
 */
export async function benchChatHttp(options: {
  directory: string;
  redisUrl: string;
  durationMs?: number;
  progress: (line: string) => void;
}): Promise<BenchResult[]> {
  const messages = await heldOutMessages();
  const durationMs = options.durationMs ?? 8_000;
  const figures: ChatFigures[] = [];
  let healthRps = 0;
  for (const side of ['ours', 'baseline'] as const) {
    const server =
      side === 'ours'
        ? await startServer({
            knowledgePath: SAMPLE_PATHS.knowledge,
            dataDir: join(options.directory, 'chat-ours'),
            redisUrl: options.redisUrl,
            redisPrefix: `bench-chat-${Date.now()}`,
          })
        : await startScript(fileURLToPath(new URL('./baseline-server.ts', import.meta.url)), {
            REDIS_URL: options.redisUrl,
            REDIS_PREFIX: `bench-baseline-${Date.now()}`,
          });
    try {
      const f = await measure(server, messages, `${side}-${Date.now()}`, durationMs);
      options.progress(
        `chat ${side}: p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms, ${f.rps.toFixed(0)} req/s at ${CONCURRENCY} concurrent; routes ${JSON.stringify(f.routes)}`,
      );
      figures.push(f);
      if (side === 'ours') healthRps = await probeThroughput(server.url, '/healthz');
    } finally {
      await server.stop();
    }
  }
  const bare = await startScript(BARE_SERVER, {});
  let bareRps: number;
  try {
    bareRps = await probeThroughput(bare.url, '/readyz');
  } finally {
    await bare.stop();
  }
  options.progress(
    `/healthz: ${healthRps.toFixed(0)} req/s vs. a bare Fastify route ${bareRps.toFixed(0)} req/s at ${CONCURRENCY} concurrent`,
  );
  const [ours, base] = figures as [ChatFigures, ChatFigures];
  return [
    versus(`healthz_req_per_s_${CONCURRENCY}_concurrent`, 'req/s', healthRps, bareRps),
    versus('chat_http_ms_p50', 'ms', ours.p50, base.p50),
    versus('chat_http_ms_p99', 'ms', ours.p99, base.p99),
    versus(`chat_http_req_per_s_${CONCURRENCY}_concurrent`, 'req/s', ours.rps, base.rps),
  ];
}

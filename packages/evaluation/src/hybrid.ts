import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '@switchboard/config';
import { describeError, type Reply } from '@switchboard/core';
import { type LocalRedis, startRedisServer } from '@switchboard/local-redis';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import {
  ERROR_ROUTE,
  type FollowUpPair,
  type HybridOutcome,
  type HybridReport,
  scoreHybrid,
} from './hybrid-metrics.ts';
import { loadHybridMix, type MixItem } from './hybrid-mix.ts';

/** How a follow-up's conversation is rebuilt before it is asked. */
export type HistoryMode = 'replay' | 'seed';

export interface HybridEvalOptions {
  /** The configuration from the environment; paths, data dir and Redis are replaced below. */
  config: Config;
  mixPath: string;
  /** The help centre: a folder or a JSONL corpus. */
  corpusPath: string;
  /** Brand data: JSONL (chat format) or CSV (instruction,intent,response). */
  brandDataPath: string;
  /** Company profile JSON. @defaultValue the configured one */
  profilePath?: string;
  /** Kept after the run (a second run then loads the cached models). @defaultValue a temp dir, removed */
  dataDir?: string;
  /** A Redis to use under a fresh key prefix (removed afterwards). @defaultValue a private redis-server */
  redisUrl?: string;
  /**
   * `replay` sends the history's user turns through the assistant in the same conversation, so the
   * assistant's own replies stand between them (what a customer would see); `seed` writes the
   * labelled turns, both sides, into conversation memory. @defaultValue 'replay'
   */
  historyMode?: HistoryMode;
  log?: (line: string) => void;
  /** Called with every answered message, for a per-message dump (`--outcomes`). */
  onOutcome?: (record: OutcomeRecord) => void;
}

/** One message, where it went and what the customer read. */
export interface OutcomeRecord {
  message: string;
  outcome: HybridOutcome;
  replyText?: string;
  /** The router's decision, with its scores and thresholds: why it went where it went. */
  decision?: Reply['decision'];
  /** The query routed and searched (a follow-up rewritten with its conversation). */
  resolvedQuery?: string;
  /** True for a follow-up asked without its conversation. */
  alone?: boolean;
}

export type HybridEvalReport = HybridReport & {
  history_mode: HistoryMode;
  thresholds: Runtime['router']['thresholds'];
  setup_seconds: number;
  run_seconds: number;
};

/**
 * The run's configuration: the given data, an embedded index in the data dir (or, when QDRANT_URL
 * is set, that Qdrant: give the eval a QDRANT_COLLECTION of its own), nothing else declared.
 */
export function hybridConfig(
  base: Config,
  paths: {
    dataDir: string;
    redisUrl: string;
    prefix: string;
    corpusPath: string;
    brandDataPath: string;
    profilePath?: string;
  },
): Config {
  const { companyName: _fromEnv, ...rest } = base;
  return {
    ...rest,
    dataDir: paths.dataDir,
    knowledgePath: resolve(paths.corpusPath),
    brandDataPath: resolve(paths.brandDataPath),
    companyProfilePath: paths.profilePath ? resolve(paths.profilePath) : base.companyProfilePath,
    redis: { url: paths.redisUrl, autostart: false, prefix: paths.prefix },
    sync: { ...base.sync, sourcesFile: undefined, worker: 'in-process' },
    // Qdrant when configured, so answer quality can be compared on the same mix; never a sources file.
    index: base.index.kind === 'qdrant' ? base.index : { kind: 'embedded' },
    admin: null,
    handoff: { timeoutMinutes: base.handoff.timeoutMinutes },
  };
}

/** Removes every key under the run's prefix from a Redis we were lent. */
async function dropPrefix(runtime: Runtime, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await runtime.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await runtime.redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Asks one message as a customer would and records what happened. */
async function ask(
  runtime: Runtime,
  item: MixItem,
  conversationId: string,
  maxChars: number,
  onOutcome: (record: OutcomeRecord) => void,
  alone = false,
): Promise<HybridOutcome> {
  const base = {
    id: item.id,
    kind: item.kind,
    ...(item.goldDocIds ? { goldDocIds: item.goldDocIds } : {}),
    ...(item.intent !== undefined ? { intent: item.intent } : {}),
  };
  if (item.message.length > maxChars) {
    // The chat API answers 400 before the assistant sees it.
    return { ...base, route: ERROR_ROUTE, docsGap: false, latencyMs: 0, error: 'too_long' };
  }
  const [before] = await runtime.support.gaps.recent(1);
  const started = performance.now();
  let reply: Reply;
  try {
    reply = await runtime.assistant.reply({ conversationId, text: item.message, channel: 'api' });
  } catch (err) {
    const latencyMs = performance.now() - started;
    return { ...base, route: ERROR_ROUTE, docsGap: false, latencyMs, error: describeError(err) };
  }
  const latencyMs = performance.now() - started;
  const [after] = await runtime.support.gaps.recent(1);
  const docsGap =
    after !== undefined &&
    after.conversationId === conversationId &&
    JSON.stringify(after) !== JSON.stringify(before);
  const first = reply.citations[0];
  const outcome: HybridOutcome = {
    ...base,
    route: reply.route,
    reason: reply.decision.reason,
    predictedIntent: reply.decision.scores.brandIntent,
    ...(first ? { firstCitedDocId: first.docId } : {}),
    docsGap,
    latencyMs,
  };
  onOutcome({
    message: item.message,
    outcome,
    replyText: reply.text,
    decision: reply.decision,
    resolvedQuery: reply.resolvedQuery,
    ...(alone ? { alone } : {}),
  });
  return outcome;
}

async function rebuildHistory(
  runtime: Runtime,
  item: MixItem,
  conversationId: string,
  mode: HistoryMode,
): Promise<void> {
  const turns = item.history ?? [];
  if (mode === 'seed') {
    const at = Date.now();
    if (turns.length > 0)
      await runtime.memory.append(
        conversationId,
        turns.map((t) => ({ role: t.role, text: t.text, at })),
      );
    return;
  }
  for (const turn of turns) {
    if (turn.role !== 'user' || !turn.text.trim()) continue;
    await runtime.assistant.reply({ conversationId, text: turn.text, channel: 'api' });
  }
}

/**
 * Runs the whole assistant, as `openRuntime` builds it for the server (embedded index, trained
 * brand voice, fitted router, Redis memory and docs-gap log), on a labelled mix of messages, and
 * scores where each went. Training and fitting happen once; every message is then one
 * `assistant.reply`, timed. Follow-ups are asked twice: after their conversation, and alone.
 */
export async function evaluateHybrid(options: HybridEvalOptions): Promise<HybridEvalReport> {
  const log = options.log ?? (() => {});
  const mode = options.historyMode ?? 'replay';
  const items = await loadHybridMix(options.mixPath);
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'switchboard-hybrid-eval-')));
  let redis: LocalRedis | null = null;
  let runtime: Runtime | null = null;
  const prefix = `switchboard-eval-${randomUUID()}`;
  try {
    const started = performance.now();
    if (!options.redisUrl) redis = await startRedisServer({ directory: join(dataDir, 'redis') });
    const config = hybridConfig(options.config, {
      dataDir,
      redisUrl: options.redisUrl ?? redis!.url,
      prefix,
      corpusPath: options.corpusPath,
      brandDataPath: options.brandDataPath,
      ...(options.profilePath ? { profilePath: options.profilePath } : {}),
    });
    runtime = await openRuntime(config, { log });
    const setupSeconds = (performance.now() - started) / 1000;
    log(`runtime ready in ${setupSeconds.toFixed(1)} s; asking ${items.length} messages`);

    const runStarted = performance.now();
    const outcomes: HybridOutcome[] = [];
    const pairs: FollowUpPair[] = [];
    const maxChars = config.server.maxMessageChars;
    const onOutcome = options.onOutcome ?? (() => {});
    for (const [i, item] of items.entries()) {
      if (i > 0 && i % 200 === 0) log(`${i}/${items.length} messages`);
      const conversationId = `eval-${randomUUID()}`;
      if (item.kind !== 'followup') {
        outcomes.push(await ask(runtime, item, conversationId, maxChars, onOutcome));
        continue;
      }
      let withHistory: HybridOutcome;
      try {
        await rebuildHistory(runtime, item, conversationId, mode);
        withHistory = await ask(runtime, item, conversationId, maxChars, onOutcome);
      } catch (err) {
        withHistory = {
          id: item.id,
          kind: item.kind,
          route: ERROR_ROUTE,
          docsGap: false,
          latencyMs: 0,
          error: `history: ${describeError(err)}`,
        };
      }
      const alone = await ask(runtime, item, `eval-${randomUUID()}`, maxChars, onOutcome, true);
      outcomes.push(withHistory);
      pairs.push({ withHistory, alone });
    }
    const report = scoreHybrid(outcomes, pairs);
    if (options.redisUrl) await dropPrefix(runtime, prefix);
    return {
      ...report,
      history_mode: mode,
      thresholds: runtime.router.thresholds,
      setup_seconds: setupSeconds,
      run_seconds: (performance.now() - runStarted) / 1000,
    };
  } finally {
    await runtime?.close();
    await redis?.stop();
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  }
}

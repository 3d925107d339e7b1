import { join } from 'node:path';
import {
  Assistant,
  type ConversationStore,
  HandoffService,
  RedisConversationStore,
  RedisDocsGapLog,
  RedisFeedbackStore,
  type RouterModel,
  WebhookHandoffTarget,
} from '@switchboard/assistant';
import type { Config } from '@switchboard/config';
import type {
  CompanyProfile,
  DocsGapLog,
  Embedder,
  FeedbackStore,
  HandoffTarget,
  KnowledgeIndex,
  Logger,
} from '@switchboard/core';
import { silentLogger } from '@switchboard/core';
import {
  HarvestingFeedbackStore,
  harvestKeyPrefix,
  RedisHarvestStore,
  type RedisModelRegistry,
  type SwitchableBrandVoice,
  type TrainingQueue,
} from '@switchboard/fine-tuning';
import { chunkDocument, KnowledgeRetriever } from '@switchboard/knowledge';
import { ensureRedis } from '@switchboard/local-redis';
import { createEmbedder } from '@switchboard/providers';
import {
  type RedisSourceStore,
  type RunHistory,
  type SyncQueue,
  type SyncRunSummary,
  waitForRun,
} from '@switchboard/sync';
import { Redis } from 'ioredis';
import { loadOrTrainBrandModel } from './brand-model.ts';
import { loadCompanyProfile } from './company-profile.ts';
import { loadKnowledge } from './knowledge.ts';
import { openBrandVoice } from './open-brand-voice.ts';
import { openIndex } from './open-index.ts';
import { readLines } from './read-lines.ts';
import { loadOrFitRouter } from './router-model.ts';
import { DEFAULT_SOURCE, openSyncEngine } from './sync-engine.ts';

export interface Runtime {
  assistant: Assistant;
  /** Conversation turns (transcripts for history restore and handoff). */
  memory: ConversationStore;
  /** Feedback from every channel, the docs-gap list, and handoff delivery. */
  support: { feedback: FeedbackStore; gaps: DocsGapLog; handoff: HandoffService };
  /** The knowledge sync queue, the sources and the run history (admin API, CLI, Slack resync). */
  sync: { queue: SyncQueue; sources: RedisSourceStore; history: RunHistory };
  /** The sync queue, source store and run history behind the admin API; null when it is off. */
  admin: { token: string; queue: SyncQueue; sources: RedisSourceStore; history: RunHistory } | null;
  /** The shared Redis connection (channel state such as Slack's event dedupe keys). */
  redis: Redis;
  /** The company profile (facts for placeholders, contact details channels fall back to). */
  profile: CompanyProfile;
  index: KnowledgeIndex;
  /** Serves the registry's active brand-voice version; follows promotions and rollbacks. */
  brandVoice: SwitchableBrandVoice;
  /** The brand-voice model registry and the training queue (CLI, admin API). */
  brand: { registry: RedisModelRegistry; training: TrainingQueue };
  /** Training candidates harvested from 👍 answers and agent replies, waiting for review. */
  harvest: RedisHarvestStore;
  router: RouterModel;
  health(): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  /** Where progress lines go (start-up is slow the first time: indexing and training). */
  log?: (line: string) => void;
  /** Where structured events (sync runs with their run id) go. @defaultValue nowhere */
  events?: Logger;
  /** Handoff targets built by channel packages (e.g. a Slack channel), besides the webhook from config. */
  handoffTargets?: HandoffTarget[];
}

/**
 * Wires the whole assistant from config: Redis (started locally if needed), the embedded index
 * synced with the knowledge path, the brand-voice model (trained and cached on first start), the
 * router (fitted on data and cached), and an optional LLM and embedder.
 */
export async function openRuntime(
  config: Config,
  options: OpenRuntimeOptions = {},
): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const modelsDir = join(config.dataDir, 'models');

  const localRedis = await ensureRedis({
    url: config.redis.url,
    autostart: config.redis.autostart,
    directory: join(config.dataDir, 'redis'),
  });
  if (localRedis.started)
    log(`started a private redis-server at ${localRedis.url} (REDIS_URL was unreachable)`);
  const redis = new Redis(localRedis.url, { maxRetriesPerRequest: 2 });

  const embedder: Embedder | undefined = config.embeddings
    ? createEmbedder(config.embeddings)
    : undefined;
  const index = await openIndex(config, embedder);
  const engine = await openSyncEngine({
    config,
    redisUrl: localRedis.url,
    index,
    ...(embedder ? { embedder } : {}),
    runWorker: config.sync.worker === 'in-process',
    log: options.events ?? silentLogger,
  });
  const runs = await engine.syncDeclared('startup');
  log(
    engine.worker
      ? `sync worker: in this process (concurrency ${config.sync.concurrency}); watching ${engine.watching.join(', ') || 'nothing'}; schedules: ${engine.scheduled.join(', ') || 'none'}`
      : 'sync worker: off in this process (SWITCHBOARD_WORKER=off): run `npm run worker`',
  );
  const firstRun = runs.get(DEFAULT_SOURCE);
  if (engine.worker && firstRun) {
    // The router is fitted on the indexed help centre: let its first sync finish.
    const summary = (await waitForRun(engine.queue, firstRun)) as SyncRunSummary;
    log(
      `knowledge: source "${DEFAULT_SOURCE}" synced (run ${summary.runId}): ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} deleted, ${summary.failed.length} failed; ${await index.count()} chunks indexed`,
    );
    for (const failure of summary.failed.slice(0, 10))
      log(`skipped ${failure.docId}: ${failure.reason} ${failure.message}`);
  }
  const retriever = new KnowledgeRetriever({ index, ...(embedder ? { embedder } : {}) });

  const brand = await loadOrTrainBrandModel({ dataPath: config.brandDataPath, modelsDir });
  for (const p of brand.problems.slice(0, 10))
    log(`brand data line ${p.line} skipped: ${p.reason}`);
  const m = brand.artifact.metrics;
  log(
    `brand-voice model ${brand.artifact.version} ${brand.trained ? 'trained' : 'loaded'}: ${brand.examples.length} examples, validation accuracy ${m.validationAccuracy.toFixed(3)}`,
  );
  const profile = await loadCompanyProfile(config.companyProfilePath, config.companyName);
  const brandParts = await openBrandVoice({
    config,
    redisUrl: localRedis.url,
    brand,
    profile,
    runWorker: config.sync.worker === 'in-process',
    log: options.events ?? silentLogger,
  });
  const brandVoice = brandParts.voice;
  log(`brand voice: ${brandVoice.id} (registry version ${brandVoice.version})`);

  const { model: router, fitted } = await loadOrFitRouter({
    examples: brand.examples,
    indexedChunkIds: (await index.listChunks()).map((c) => c.id),
    loadChunks: async () => {
      const loaded = await loadKnowledge(config.knowledgePath, DEFAULT_SOURCE);
      return (await Promise.all(loaded.documents.map((d) => chunkDocument(d)))).flat();
    },
    outOfScope: await readLines(config.outOfScopePath),
    retriever,
    modelsDir,
    cacheKey: brand.artifact.dataHash,
  });
  const t = router.thresholds;
  log(
    `router ${fitted ? 'fitted' : 'loaded'} (fitted on ${router.fit.n} examples): thresholds brand ${t.brand}, knowledge ${t.knowledge}, handoff ${t.handoffRequest}; balanced accuracy ${router.fit.balancedAccuracy.toFixed(3)}`,
  );

  const memory = new RedisConversationStore({
    redis,
    prefix: `${config.redis.prefix}:conv:`,
    maxTurns: config.memory.turns,
    ttlSeconds: config.memory.ttlSeconds,
  });
  const gaps = new RedisDocsGapLog({ redis, prefix: `${config.redis.prefix}:` });
  // Every 👍 on a brand or knowledge answer also becomes a training candidate for review.
  const harvest = new RedisHarvestStore({
    redis,
    prefix: harvestKeyPrefix(config.redis.prefix),
    companyFacts: profile,
  });
  const feedback = new HarvestingFeedbackStore(
    new RedisFeedbackStore({ redis, prefix: `${config.redis.prefix}:` }),
    {
      store: harvest,
      conversations: memory,
      classify: (text) => brandVoice.classify(text),
      onError: (err) => log(`harvesting a 👍 failed: ${(err as Error).message}`),
    },
  );
  const webhook = config.handoff.webhook;
  const handoff = new HandoffService({
    memory,
    targets: [
      ...(webhook ? [new WebhookHandoffTarget(webhook)] : []),
      ...(options.handoffTargets ?? []),
    ],
  });
  log(
    `handoff targets: ${handoff.targets.length ? handoff.targets.join(', ') : 'none (set HANDOFF_WEBHOOK_URL or SLACK_HANDOFF_CHANNEL)'}`,
  );
  const assistant = new Assistant({
    gaps,
    brandVoice,
    retriever,
    router,
    memory,
    companyName: profile['Company Name'] ?? 'our',
  });

  const sync = { queue: engine.queue, sources: engine.sources, history: engine.history };
  const admin = config.admin ? { token: config.admin.token, ...sync } : null;
  log(
    admin
      ? 'admin API enabled at /admin/api'
      : 'admin API disabled: set SWITCHBOARD_ADMIN_TOKEN to enable it',
  );

  return {
    profile,
    assistant,
    memory,
    support: { feedback, gaps, handoff },
    sync,
    admin,
    redis,
    index,
    brandVoice,
    brand: { registry: brandParts.training.registry, training: brandParts.training.queue },
    harvest,
    router,
    async health() {
      const checks: Record<string, unknown> = {};
      let ok = true;
      try {
        checks.redis = (await redis.ping()) === 'PONG' ? 'ok' : 'unexpected reply';
      } catch (err) {
        ok = false;
        checks.redis = `unreachable: ${(err as Error).message}`;
      }
      try {
        checks.index = { chunks: await index.count() };
      } catch (err) {
        ok = false;
        checks.index = `unavailable: ${(err as Error).message}`;
      }
      checks.brandVoice = { model: brandVoice.id, version: brandVoice.version };
      return { status: ok ? 'ok' : 'degraded', checks };
    },
    async close() {
      await brandParts.close();
      await engine.close();
      await index.close();
      redis.disconnect();
      await localRedis.stop();
    },
  };
}

import { join } from 'node:path';
import {
  Assistant,
  type ConversationInsights,
  type ConversationStore,
  type HandoffLoop,
  HandoffService,
  type RouterModel,
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
  Metrics,
  Tracer,
} from '@switchboard/core';
import { describeError, noTracer, silentLogger } from '@switchboard/core';
import {
  documentEvidenceKeyPrefix,
  HarvestingFeedbackStore,
  harvestKeyPrefix,
  RedisDocumentEvidence,
  RedisHarvestStore,
  type RedisModelRegistry,
  type SwitchableBrandVoice,
  type TrainingQueue,
} from '@switchboard/fine-tuning';
import { KnowledgeRetriever } from '@switchboard/knowledge';
import { ensureRedis, failFastRedisOptions, RedisOutageLog } from '@switchboard/local-redis';
import {
  type CircuitSnapshot,
  createProviderSet,
  providerFailureReason,
} from '@switchboard/providers';
import type { RedisSourceStore, RunHistory, SyncQueue } from '@switchboard/sync';
import type { ConversationOwners } from '@switchboard/web-channel';
import { Redis } from 'ioredis';
import { loadOrTrainBrandModel } from './brand-model.ts';
import { loadCompanyProfile } from './company-profile.ts';
import type { CustomerData } from './customer-data.ts';
import { customerStores } from './customer-stores.ts';
import { configuredHandoffTargets, type HandoffParts, openHandoffLoop } from './handoff-loop.ts';
import { openBrandVoice } from './open-brand-voice.ts';
import { openIndex } from './open-index.ts';
import { readLines } from './read-lines.ts';
import { type HealthReport, healthProbes } from './readiness.ts';
import { reportRedisPersistence } from './redis-persistence.ts';
import { openServingRouter } from './serving-router.ts';
import { loadOrTrainSmallTalk, parseSmallTalkLines } from './small-talk-model.ts';
import { StartupSync } from './startup-sync.ts';
import { openSyncEngine, syncKeyPrefixes } from './sync-engine.ts';
import { RedisTeamsReplies } from './teams-replies.ts';
import { tracedChatModel } from './traced-chat-model.ts';
import { openWidgetSuggestions, type WidgetSuggestions } from './widget-suggestions.ts';

export interface Runtime {
  assistant: Assistant;
  /** Conversation turns (transcripts for history restore and handoff). */
  memory: ConversationStore;
  /** Who owns each widget conversation (its grant, its identified user). */
  owners: ConversationOwners;
  /** Export and deletion of one customer's data (admin API). */
  customers: CustomerData;
  /** The conversation list, transcripts and outcome figures (admin API). */
  conversations: ConversationInsights;
  /** The widget's suggested first questions (WIDGET_SUGGESTIONS; `auto`: the most asked). */
  widgetSuggestions: WidgetSuggestions;
  /** Feedback from every channel, the docs-gap list, and handoff delivery. */
  support: { feedback: FeedbackStore; gaps: DocsGapLog; handoff: HandoffLoop };
  /**
   * The handoff loop's other half: live events of widget conversations (the widget's
   * subscription) and where channels keep how to reach a customer later (Teams references).
   */
  handoffs: Pick<HandoffParts, 'live' | 'addresses'>;
  /** The knowledge sync queue, the sources and the run history (admin API, CLI, Slack resync). */
  sync: { queue: SyncQueue; sources: RedisSourceStore; history: RunHistory };
  /** The sync queue, source store and run history behind the admin API; null when it is off. */
  admin: { token: string; queue: SyncQueue; sources: RedisSourceStore; history: RunHistory } | null;
  /** Which of our replies each Teams activity id is (ratings), shared by every server process. */
  teamsReplies: RedisTeamsReplies;
  /** The shared Redis connection (channel state such as Slack's event dedupe keys). */
  redis: Redis;
  /** The company profile (facts for placeholders, contact details channels fall back to). */
  profile: CompanyProfile;
  index: KnowledgeIndex;
  /** Serves the registry's active brand-voice version; follows promotions and rollbacks. */
  brandVoice: SwitchableBrandVoice;
  /** The brand-voice model registry and the training queue (CLI, admin API). */
  brand: { registry: RedisModelRegistry; training: TrainingQueue };
  /** Training candidates harvested from 👍 brand answers and agent replies, waiting for review. */
  harvest: RedisHarvestStore;
  /** Help pages customers found helpful: 👍 on knowledge answers, counted per cited document. */
  knowledgeFeedback: RedisDocumentEvidence;
  /**
   * The router serving now: refitted once the start-up syncs finish (see `readiness`), then after
   * every sync that changed the index, once for all server processes (see `SharedRouter`).
   */
  readonly router: RouterModel;
  /** The LLM and embedding circuits: `open` means the provider is being skipped (offline answers). */
  providers: { circuits(): CircuitSnapshot[] };
  /** Liveness (`/healthz`): in-memory state only, answers at once, always `ok` while the process runs. */
  liveness(): HealthReport;
  /**
   * Readiness (`/readyz`): Redis answers within 500 ms, the index is not empty while the sync
   * records list documents, the start-up syncs (and any full re-sync) finished, and the router
   * was fitted on the index they left. Answers within about a second, whatever is down.
   */
  readiness(): Promise<HealthReport>;
  /** The readiness report (kept for callers that want one health report). */
  health(): Promise<HealthReport>;
  /** Resolves when the start-up syncs finished and the router was fitted on their index. */
  settled: Promise<void>;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  /** Where progress lines go (start-up is slow the first time: indexing and training). */
  log?: (line: string) => void;
  /** Where structured events (sync runs with their run id) go. @defaultValue nowhere */
  events?: Logger;
  /** Handoff targets built by channel packages (e.g. a Slack channel), besides the webhook from config. */
  handoffTargets?: HandoffTarget[];
  /**
   * Wait for the start-up syncs and the router fitted on their index before returning. The
   * server passes `false`: it listens at once, answers from what the index has, and `/readyz`
   * says when the rest is done. @defaultValue true
   */
  waitForSync?: boolean;
  /**
   * Counts replies, handoffs, feedback, sync runs and job failures where they happen (the
   * server's `/metrics`). @defaultValue counts nothing
   */
  metrics?: Metrics;
  /** Times replies and their steps (classification, retrieval, LLM calls). @defaultValue none */
  tracer?: Tracer;
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
    log(
      `started a private redis-server at ${localRedis.url} (REDIS_URL was unreachable), keeping its data in ${localRedis.privateDirectory}`,
    );
  else if (localRedis.privateDirectory)
    log(`using the private redis-server an earlier start left running at ${localRedis.url}`);
  const events = options.events ?? silentLogger;
  // A Redis that keeps nothing on disk loses every conversation and setting when it restarts: say so.
  await reportRedisPersistence({ redis: localRedis, dataDir: config.dataDir, log: events });
  // One line when Redis goes down, at most one a minute while it stays down, one when it is back.
  const outages = new RedisOutageLog({ log: events });
  // The request path's connection: while Redis is down its commands fail at once (chats are
  // answered without memory), and after a second when Redis hangs.
  const redis = new Redis(localRedis.url, failFastRedisOptions());
  outages.watch('main', redis);
  await redis.connect();

  // One JSON line when a provider's circuit opens or closes (names and counts, never URLs or keys).
  const providers = createProviderSet(config.providerLimits, {
    onStateChange: (circuit, previous) => {
      const fields = { ...circuit, previous };
      if (circuit.state === 'open') events.warn('provider.circuit', fields);
      else events.info('provider.circuit', fields);
    },
  });
  const embedder: Embedder | undefined = config.embeddings
    ? providers.embedder(config.embeddings)
    : undefined;
  const index = await openIndex(config, embedder, events);
  const engine = await openSyncEngine({
    config,
    redisUrl: localRedis.url,
    index,
    ...(embedder ? { embedder } : {}),
    runWorker: config.sync.worker === 'in-process',
    log: events,
    outages,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  if (engine.removing.length)
    log(`knowledge: purging sources no longer configured: ${engine.removing.join(', ')}`);
  // Start-up never waits for a run here (a run left stalled by a killed process resumes only
  // after its lock expires): the server listens at once and readiness waits instead.
  const startup = await StartupSync.start({ engine, index, say: log });
  const syncsDone = startup.settle();
  log(
    engine.worker
      ? `sync worker: in this process (concurrency ${config.sync.concurrency}); watching ${engine.watching.join(', ') || 'nothing'}; schedules: ${engine.scheduled.join(', ') || 'none'}`
      : 'sync worker: off in this process (SWITCHBOARD_WORKER=off): run `npm run worker`',
  );
  const retriever = new KnowledgeRetriever({
    index,
    ...(embedder ? { embedder } : {}),
    // The embedder cancels its own request at EMBEDDINGS_TIMEOUT_MS; this is only a backstop.
    queryEmbeddingTimeoutMs: config.providerLimits.embeddings.queryMs + 1_000,
    onQueryEmbeddingFailed: (error) => {
      // While the circuit is open every message would say so; its opening was logged once.
      if (providerFailureReason(error) !== 'circuit_open')
        events.warn('retrieval.lexical_only', { message: (error as Error).message });
    },
  });

  const profile = await loadCompanyProfile(config.companyProfilePath, config.companyName);
  const brand = await loadOrTrainBrandModel({
    dataPath: config.brandDataPath,
    modelsDir,
    datasetsDir: join(config.dataDir, 'datasets'),
    profilePath: config.companyProfilePath,
    ...(config.companyName ? { companyName: config.companyName } : {}),
    companyFacts: profile,
  });
  for (const p of brand.problems.slice(0, 10))
    log(`brand data line ${p.line} skipped: ${p.reason}`);
  const m = brand.artifact.metrics;
  log(
    `brand-voice model ${brand.artifact.version} ${brand.trained ? 'trained' : 'loaded'}: ${m.n} of ${brand.examples.length} examples (train split of dataset ${brand.dataset.hash}), validation accuracy ${m.validationAccuracy.toFixed(3)}`,
  );
  const brandParts = await openBrandVoice({
    config,
    redisUrl: localRedis.url,
    brand,
    profile,
    runWorker: config.sync.worker === 'in-process',
    log: events,
    outages,
    chatModel: (c) => tracedChatModel(providers.chat(c), options.tracer ?? noTracer),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const brandVoice = brandParts.voice;
  log(`brand voice: ${brandVoice.id} (registry version ${brandVoice.version})`);

  const outOfScope = await readLines(config.outOfScopePath);
  const smallTalk = await loadOrTrainSmallTalk({
    modelsDir,
    acts: parseSmallTalkLines(await readLines(config.smallTalkPath)),
    support: brand.examples.map((e) => e.text),
    offTopic: outOfScope,
  });
  // One router for every server process: fitted once per index and shared through Redis.
  const routing = await openServingRouter({
    config,
    redis,
    outages,
    index,
    retriever,
    brand: { examples: brand.examples, dataHash: brand.dataHash },
    outOfScope,
    modelsDir,
    startupDone: () => startup.done,
    log,
    events,
  });

  // Conversations, widget owner records, feedback and docs gaps: retained SWITCHBOARD_RETENTION_DAYS.
  const stores = customerStores(config, redis, options.metrics);
  const { memory, gaps } = stores;
  const widgetSuggestions = openWidgetSuggestions({ config, stores, events });
  // A 👍 on a brand answer becomes a training candidate for review (under the intent it was
  // answered with); a 👍 on a knowledge answer counts for the documents it cited instead.
  const harvest = new RedisHarvestStore({
    redis,
    prefix: harvestKeyPrefix(config.redis.prefix),
    companyFacts: profile,
  });
  const knowledgeFeedback = new RedisDocumentEvidence({
    redis,
    prefix: documentEvidenceKeyPrefix(config.redis.prefix),
  });
  const feedback = new HarvestingFeedbackStore(stores.feedback, {
    store: harvest,
    evidence: knowledgeFeedback,
    conversations: memory,
    classify: (text) => brandVoice.classify(text),
    onError: (err) => log(`harvesting a 👍 failed: ${(err as Error).message}`),
  });
  const service = new HandoffService({
    // Every ticket is an outcome event of its conversation (handoff rate by reason); a failure
    // to note it never fails the handoff itself.
    onTicket: async (ticket) => {
      await stores.index.handedOff(ticket).catch((error: unknown) => {
        events.warn('conversations.ticket_not_indexed', { message: describeError(error) });
      });
    },
    ...(options.metrics ? { metrics: options.metrics } : {}),
    memory,
    targets: [...configuredHandoffTargets(config), ...(options.handoffTargets ?? [])],
  });
  // Handoff as a loop: agents' answers reach the customer, the bot is quiet while they hold it.
  const handoffs = openHandoffLoop({
    config,
    redis,
    service,
    states: stores.handoffs,
    addresses: stores.addresses,
    memory,
    profile,
    harvest,
    events,
  });
  const handoff = handoffs.loop;
  log(
    `handoff targets: ${handoff.targets.length ? handoff.targets.join(', ') : 'none (set HANDOFF_WEBHOOK_URL, SLACK_HANDOFF_CHANNEL or CHATWOOT_BASE_URL)'}`,
  );
  const assistant = new Assistant({
    gaps,
    brandVoice,
    retriever,
    router: routing.current().model,
    topic: routing.current().topic,
    memory,
    smallTalk,
    companyName: profile['Company Name'] ?? 'our',
    // Only a configured target brings people in; otherwise the handoff reply gives contacts.
    peopleAvailable: handoff.targets.length > 0,
    gate: handoff,
    profile,
    conditions: () => (startup.done ? [] : ['knowledge_syncing']),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
  });
  routing.follow(assistant);
  // In the background: wait for the start-up syncs, then route with a router fitted on their
  // index, and follow the index from then on.
  const settled = syncsDone.then(async () => {
    if (startup.stopped) return;
    try {
      await routing.settle();
    } catch (err) {
      if (!startup.stopped)
        log(`router refit after the start-up sync failed: ${describeError(err)}`);
    }
  });
  if (options.waitForSync !== false) await settled;
  const probes = healthProbes({
    redis,
    outages,
    index,
    startup,
    recordKeys: new Map(
      engine.declared.map((source) => [
        source,
        `${syncKeyPrefixes(config.redis.prefix).records}${source}`,
      ]),
    ),
    router: () => routing.current(),
    brandVoice,
  });
  const readiness = async (): Promise<HealthReport> => {
    const report = await probes.readiness();
    // An open circuit degrades answers to the offline ones; the service itself still answers.
    report.checks.providers = providers.circuits();
    return report;
  };

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
    owners: stores.owners,
    customers: stores.customers,
    // Transcripts show the handoff loop's state of the conversation.
    conversations: stores.conversations.withHandoffState((id) => handoff.state(id)),
    widgetSuggestions,
    support: { feedback, gaps, handoff },
    handoffs: { live: handoffs.live, addresses: handoffs.addresses },
    sync,
    admin,
    teamsReplies: new RedisTeamsReplies({
      redis,
      prefix: `${config.redis.prefix}:teams-reply:`,
      ttlSeconds: config.memory.ttlSeconds,
    }),
    redis,
    index,
    brandVoice,
    brand: { registry: brandParts.training.registry, training: brandParts.training.queue },
    harvest,
    knowledgeFeedback,
    get router() {
      return routing.current().model;
    },
    providers: { circuits: providers.circuits },
    liveness: probes.liveness,
    readiness,
    health: readiness,
    settled,
    async close() {
      await widgetSuggestions.close();
      await handoffs.close();
      startup.stop();
      routing.close();
      await brandParts.close();
      await engine.close();
      await index.close();
      redis.disconnect();
      await localRedis.stop();
    },
  };
}

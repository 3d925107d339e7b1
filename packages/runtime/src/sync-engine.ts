import { stat } from 'node:fs/promises';
import type { Config } from '@switchboard/config';
import type { Embedder, KnowledgeIndex, Logger, Metrics } from '@switchboard/core';
import type { RedisOutageLog } from '@switchboard/local-redis';
import {
  applySchedules,
  createSyncQueue,
  createSyncWorker,
  type DeclaredSource,
  type DirectoryWatch,
  loadSourcesFile,
  type RecordStore,
  RedisRecordStore,
  RedisSourceStore,
  RunHistory,
  type SyncMode,
  type SyncQueue,
  type SyncWorker,
  triggerRemoval,
  triggerSync,
  watchDirectories,
} from '@switchboard/sync';
import { Redis } from 'ioredis';
import {
  announceIndexChange,
  changedTheIndex,
  type RouterKeys,
  routerKeys,
} from './router-keys.ts';

/** Redis key prefixes of the sync engine under the configured REDIS_PREFIX (the CLI uses them too). */
export function syncKeyPrefixes(prefix: string) {
  return {
    queue: `${prefix}:bull`,
    records: `${prefix}:sync:`,
    sources: `${prefix}:sources:`,
    history: `${prefix}:sync-history:`,
  };
}

/** The knowledge path from config is always a source, under this name. */
export const DEFAULT_SOURCE = 'default';

/**
 * The sources config declares: the knowledge path as `default` (a folder is watched, so edits
 * sync within a second), then the sources file's entries (which may redefine `default`).
 */
export async function declaredSources(config: Config): Promise<DeclaredSource[]> {
  const file = config.sync.sourcesFile ? await loadSourcesFile(config.sync.sourcesFile) : [];
  if (file.some((d) => d.spec.name === DEFAULT_SOURCE)) return file;
  const path = config.knowledgePath;
  const knowledge: DeclaredSource = (await stat(path)).isDirectory()
    ? { spec: { name: DEFAULT_SOURCE, kind: 'directory', root: path }, watch: true }
    : { spec: { name: DEFAULT_SOURCE, kind: 'jsonl', path } };
  return [knowledge, ...file];
}

export interface SyncEngine {
  queue: SyncQueue;
  sources: RedisSourceStore;
  history: RunHistory;
  /** What each source's runs remember per document (compared with the index at start-up). */
  records: RecordStore;
  /** The declared sources' names, in declaration order. */
  declared: string[];
  /**
   * Sources that still had records but are configured nowhere any more (dropped from the sources
   * file, or removed while no worker ran): a removal run was queued for each at open.
   */
  removing: string[];
  /** Present when this process consumes sync jobs. */
  worker: SyncWorker | null;
  watching: string[];
  scheduled: string[];
  /**
   * Starts a run of every declared source that is not paused (incremental, or the mode `modes`
   * gives the source); answers `source → run id` (a run already going is joined, whatever its mode).
   */
  syncDeclared(
    trigger: 'startup',
    modes?: ReadonlyMap<string, SyncMode>,
  ): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export interface OpenSyncEngineOptions {
  config: Config;
  redisUrl: string;
  index: KnowledgeIndex;
  embedder?: Embedder;
  /** Consume sync jobs in this process (and own schedules and directory watches). */
  runWorker: boolean;
  log: Logger;
  /** Takes the connection errors of the engine's Redis client, queue and worker (quiet outages). */
  outages?: RedisOutageLog;
  /** Counts the worker's finished runs and failed jobs. @defaultValue none */
  metrics?: Metrics;
}

/**
 * The sync side of a process: the queue, the sources (declared + added at run time), the run
 * history, and, when this process runs the worker, the worker itself, the schedules and the
 * directory watches.
 */
export async function openSyncEngine(options: OpenSyncEngineOptions): Promise<SyncEngine> {
  const { config, index, log } = options;
  // BullMQ workers block on Redis: their connection needs an unlimited retry budget.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const declared = await declaredSources(config);
  const keys = syncKeyPrefixes(config.redis.prefix);
  const sources = new RedisSourceStore({ redis, declared, prefix: keys.sources });
  await sources.refresh();
  const history = new RunHistory({ redis, prefix: keys.history });
  const queue = createSyncQueue({ connection: redis, prefix: keys.queue });
  const records = new RedisRecordStore({ redis, prefix: keys.records });
  const removing = await removeUnconfigured(queue, sources, records);
  let worker: SyncWorker | null = null;
  let watch: DirectoryWatch | null = null;
  let scheduled: string[] = [];
  if (options.runWorker) {
    const rate = config.sync.rateLimit;
    worker = createSyncWorker({
      connection: redis,
      index,
      records,
      prefix: keys.queue,
      historyPrefix: keys.history,
      registry: sources,
      ...(options.embedder ? { embedder: options.embedder } : {}),
      concurrency: config.sync.concurrency,
      ...(rate ? { rateLimit: { max: rate.max, duration: rate.durationMs } } : {}),
      log,
      isPaused: (source) => sources.isPaused(source),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
    scheduled = await applySchedules(queue, declared);
    watch = watchDirectories(
      declared,
      (source) => {
        void (async () => {
          if (await sources.isPaused(source)) return;
          const run = await triggerSync(queue, { source, trigger: 'change' });
          log.info('sync.change.detected', { source, runId: run.jobId, joined: run.joined });
        })().catch((err: unknown) =>
          log.warn('sync.change.trigger_failed', { source, message: (err as Error).message }),
        );
      },
      { log },
    );
  }
  // Servers refit the router once the index changed: tell them (see `SharedRouter`).
  if (worker) announceChanges(worker, redis, routerKeys(config.redis.prefix), log);
  options.outages?.watch('sync', redis);
  options.outages?.watch('sync-queue', queue);
  if (worker) {
    options.outages?.watch('sync-worker', worker.worker);
    options.outages?.watch('sync-worker-queue', worker.queue);
  }
  return {
    queue,
    sources,
    history,
    records,
    declared: declared.map((d) => d.spec.name),
    removing,
    worker,
    watching: watch?.sources ?? [],
    scheduled,
    async syncDeclared(trigger, modes) {
      const runs = new Map<string, string>();
      const paused = await sources.pausedNames();
      for (const { spec } of declared) {
        if (paused.has(spec.name)) continue;
        const mode = modes?.get(spec.name) ?? 'incremental';
        runs.set(spec.name, (await triggerSync(queue, { source: spec.name, trigger, mode })).jobId);
      }
      return runs;
    },
    async close() {
      watch?.close();
      await worker?.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

/**
 * Queues a removal run for every source with records that neither config nor the source store
 * knows: how dropping a source from the sources file purges its documents at the next start.
 * Every process opening the engine may ask; a removal already queued is joined.
 */
async function removeUnconfigured(
  queue: SyncQueue,
  sources: RedisSourceStore,
  records: RecordStore,
): Promise<string[]> {
  const known = new Set((await sources.list()).map((s) => s.name));
  const orphans = (await records.sources()).filter((name) => !known.has(name));
  for (const source of orphans) await triggerRemoval(queue, { source, trigger: 'startup' });
  return orphans;
}

/** Announces every finished run (or removal) that changed the index, with its new generation. */
function announceChanges(worker: SyncWorker, redis: Redis, keys: RouterKeys, log: Logger): void {
  worker.worker.on('completed', (job, result: unknown) => {
    if (job.name !== 'sync-run' && job.name !== 'remove-source') return;
    if (!changedTheIndex(result)) return;
    announceIndexChange(redis, keys).then(
      (generation) => log.info('index.changed', { runId: job.id, generation }),
      (error: unknown) =>
        log.warn('index.change_not_announced', {
          runId: job.id,
          message: (error as Error).message,
        }),
    );
  });
}

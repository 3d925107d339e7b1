import type { Embedder, KnowledgeIndex, Logger, Metrics } from '@switchboard/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RecordStore } from '../records/record-store.ts';
import {
  createSyncQueue,
  isSyncJobName,
  parseSyncPayload,
  SYNC_QUEUE_NAME,
  type SyncJobPayloads,
  type SyncQueue,
} from './queues.ts';
import { processRemoveSource } from './remove-source.ts';
import { RunHistory } from './run-history.ts';
import type { SourceRegistry } from './source-registry.ts';
import {
  type DocumentRetry,
  processDeleteDocuments,
  processScheduledSync,
  processSyncDocuments,
  processSyncRun,
  type SyncProcessorDeps,
} from './sync-processor.ts';
import { countJobOutcomes } from './worker-metrics.ts';

export interface CreateSyncWorkerOptions {
  /**
   * An ioredis client for the queue, the worker and the run history. BullMQ workers block on
   * Redis, so create it with `maxRetriesPerRequest: null`.
   */
  connection: Redis;
  index: KnowledgeIndex;
  records: RecordStore;
  registry: SourceRegistry;
  /** Without one, chunks are stored without vectors. */
  embedder?: Embedder;
  /** BullMQ key prefix (tests use their own). @defaultValue BullMQ's `bull` */
  prefix?: string;
  /** @defaultValue SYNC_QUEUE_NAME */
  queueName?: string;
  /** Jobs processed at once. @defaultValue 1 */
  concurrency?: number;
  /** How long a job's lock lives without renewal: a killed worker's job is recovered after it. @defaultValue 30_000 */
  lockDuration?: number;
  /** How often stalled jobs are looked for. @defaultValue 30_000 */
  stalledInterval?: number;
  /**
   * Times a job may be recovered from a dead worker before it fails. A run survives several
   * crashes, so this is higher than BullMQ's default of 1. @defaultValue 10
   */
  maxStalledCount?: number;
  documentRetry?: DocumentRetry;
  /** Documents per child job (fetched one by one, ingested together). @defaultValue DEFAULT_SYNC_BATCH (100) */
  documentBatch?: number;
  /** Runs kept per source. @defaultValue 20 */
  historyLimit?: number;
  /** Key prefix of the run history. @defaultValue `<prefix>:sync-history:` or RunHistory's own */
  historyPrefix?: string;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** Structured events with the run id. @defaultValue silent */
  log?: Logger;
  /** Paused sources: schedule firings skip them. */
  isPaused?: (source: string) => Promise<boolean>;
  /**
   * BullMQ's rate limiter: at most `max` jobs per `duration` ms across every worker of the queue,
   * for providers with a request budget. A provider answering 429 also pauses the queue for its
   * Retry-After, whatever this says.
   */
  rateLimit?: { max: number; duration: number };
  /** Counts finished runs (documents by outcome) and failed job attempts. @defaultValue none */
  metrics?: Metrics;
}

export interface SyncWorker {
  worker: Worker;
  /** The queue the worker consumes, for triggering runs from the same process. */
  queue: SyncQueue;
  history: RunHistory;
  close(): Promise<void>;
}

/** Builds the worker that runs every sync job (runs, documents, deletions, removals, schedule firings). */
export function createSyncWorker(options: CreateSyncWorkerOptions): SyncWorker {
  const { connection, prefix } = options;
  const queueName = options.queueName ?? SYNC_QUEUE_NAME;
  const queue = createSyncQueue({
    connection,
    name: queueName,
    ...(prefix ? { prefix } : {}),
  });
  const history = new RunHistory({
    redis: connection,
    ...(options.historyPrefix
      ? { prefix: options.historyPrefix }
      : prefix
        ? { prefix: `${prefix}:sync-history:` }
        : {}),
    ...(options.historyLimit ? { limit: options.historyLimit } : {}),
  });
  const deps: SyncProcessorDeps = {
    queue,
    index: options.index,
    records: options.records,
    registry: options.registry,
    history,
    ...(options.embedder ? { embedder: options.embedder } : {}),
    ...(options.documentRetry ? { documentRetry: options.documentRetry } : {}),
    ...(options.documentBatch ? { documentBatch: options.documentBatch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.isPaused ? { isPaused: options.isPaused } : {}),
    rateLimit: (ms) => worker.rateLimit(ms),
  };
  const worker: Worker = new Worker(queueName, (job, token) => dispatch(deps, job, token), {
    ...(options.rateLimit ? { limiter: options.rateLimit } : {}),
    connection,
    ...(prefix ? { prefix } : {}),
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 10,
  });
  if (options.metrics) countJobOutcomes(worker, queueName, options.metrics);
  return {
    worker,
    queue,
    history,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

/** Validates the payload against its job name, then runs that name's processor. */
async function dispatch(
  deps: SyncProcessorDeps,
  job: Job,
  token: string | undefined,
): Promise<unknown> {
  const name = job.name;
  if (!isSyncJobName(name)) throw new UnrecoverableError(`unknown sync job name "${name}"`);
  const parsed = parseSyncPayload(name, job.data);
  if (!parsed.ok) {
    // Bad data stays bad: fail now instead of spending the retries.
    throw new UnrecoverableError(`${name} payload failed validation: ${parsed.issues}`);
  }
  switch (name) {
    case 'sync-run':
      return processSyncRun(deps, job as Job<SyncJobPayloads['sync-run']>, token);
    case 'sync-documents':
      return processSyncDocuments(deps, job as Job<SyncJobPayloads['sync-documents']>);
    case 'delete-documents':
      return processDeleteDocuments(deps, job as Job<SyncJobPayloads['delete-documents']>);
    case 'remove-source':
      return processRemoveSource(deps, job as Job<SyncJobPayloads['remove-source']>, token);
    case 'sync-scheduled':
      return processScheduledSync(deps, job as Job<SyncJobPayloads['sync-scheduled']>);
  }
}

import { join } from 'node:path';
import type { Config } from '@switchboard/config';
import type { CompanyProfile, Logger, Metrics } from '@switchboard/core';
import {
  createRemoteEvaluator,
  createTrainingQueue,
  createTrainingWorker,
  FineTuneRunState,
  fineTuneRunPrefix,
  type LoadVersionModel,
  RedisModelRegistry,
  TRAINING_QUEUE_NAME,
  type TrainingQueue,
  type TrainingWorker,
  versionEvaluator,
} from '@switchboard/fine-tuning';
import type { RedisOutageLog } from '@switchboard/local-redis';
import { createChatModel, createFineTuneProvider } from '@switchboard/providers';
import { Redis } from 'ioredis';
import { syncKeyPrefixes } from './sync-engine.ts';
import { versionChatConfig } from './version-chat-config.ts';

/** Redis key prefix of the brand-voice model registry under REDIS_PREFIX (the CLI uses it too). */
export function modelRegistryPrefix(prefix: string): string {
  return `${prefix}:models:`;
}

export interface TrainingEngine {
  registry: RedisModelRegistry;
  /** The training queue (same BullMQ prefix as the sync queue). */
  queue: TrainingQueue;
  /** Present when this process consumes training jobs. */
  worker: TrainingWorker | null;
  close(): Promise<void>;
}

export interface OpenTrainingEngineOptions {
  config: Config;
  redisUrl: string;
  profile: CompanyProfile;
  /** Consume training jobs in this process (where the sync worker runs). */
  runWorker: boolean;
  /** Loads versions for the gate (promotions made through this process). */
  loadForEvaluation?: LoadVersionModel;
  log: Logger;
  /** Takes the connection errors of the engine's Redis clients, queue and worker (quiet outages). */
  outages?: RedisOutageLog;
  /** Counts failed training job attempts. @defaultValue none */
  metrics?: Metrics;
}

/** Remote fine-tuning needs a key (OpenAI) or an endpoint (an OpenAI-compatible trainer). */
function fineTuningConfigured(config: Config): boolean {
  return Boolean(config.fineTuning.apiKey || config.fineTuning.baseUrl);
}

/** The model registry and the training queue of a process, and the training worker when it runs one. */
export function openTrainingEngine(options: OpenTrainingEngineOptions): TrainingEngine {
  const { config, profile, log } = options;
  // BullMQ workers block on Redis: their connection needs an unlimited retry budget.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const outages = options.outages;
  outages?.watch('training', redis);
  const registry = new RedisModelRegistry({
    redis,
    ...(outages ? { watchConnection: (name, c) => outages.watch(name, c) } : {}),
    prefix: modelRegistryPrefix(config.redis.prefix),
    log,
    ...(options.loadForEvaluation
      ? { evaluateOn: versionEvaluator({ load: options.loadForEvaluation, profile }) }
      : {}),
  });
  const prefix = syncKeyPrefixes(config.redis.prefix).queue;
  const queue = createTrainingQueue({ connection: redis, prefix });
  const worker = options.runWorker
    ? createTrainingWorker({
        connection: redis,
        prefix,
        registry,
        modelsDir: join(config.dataDir, 'models'),
        profile,
        log,
        ...(fineTuningConfigured(config)
          ? {
              fineTune: {
                provider: createFineTuneProvider(config.fineTuning),
                runs: new FineTuneRunState(redis, fineTuneRunPrefix(config.redis.prefix)),
                // Fails on provider errors instead of scoring the offline fallback.
                evaluateOn: createRemoteEvaluator({
                  chatFor: (version) =>
                    createChatModel(versionChatConfig(config, version), {
                      timeouts: config.providerLimits.chat,
                    }),
                  profile,
                }),
              },
            }
          : {}),
      })
    : null;
  outages?.watch('training-queue', queue);
  if (worker) {
    const metrics = options.metrics;
    if (metrics)
      worker.worker.on('failed', (job) => {
        if (job) metrics.jobFailed({ queue: TRAINING_QUEUE_NAME, job: job.name });
      });
    outages?.watch('training-worker', worker.worker);
    outages?.watch('training-worker-queue', worker.queue);
  }
  return {
    registry,
    queue,
    worker,
    async close() {
      await worker?.close();
      await queue.close();
      await registry.close();
      redis.disconnect();
    },
  };
}

import { LlmBrandVoice, OfflineBrandVoice } from '@switchboard/brand-voice';
import type { Config, ProviderConfig } from '@switchboard/config';
import type {
  BrandVoiceModel,
  ChatModel,
  CompanyProfile,
  Logger,
  Metrics,
} from '@switchboard/core';
import { SwitchableBrandVoice } from '@switchboard/fine-tuning';
import type { RedisOutageLog } from '@switchboard/local-redis';
import { createChatModel } from '@switchboard/providers';
import type { BrandModelLoad } from './brand-model.ts';
import { brandVersionLoader } from './brand-versions.ts';
import { openTrainingEngine, type TrainingEngine } from './training-engine.ts';

export interface OpenBrandVoiceOptions {
  config: Config;
  redisUrl: string;
  /** The base model trained (or loaded) from BRAND_DATA_PATH. */
  brand: BrandModelLoad;
  profile: CompanyProfile;
  runWorker: boolean;
  log: Logger;
  /** Takes the connection errors of the training engine's Redis clients (quiet outages). */
  outages?: RedisOutageLog;
  /**
   * Builds the chat client of the LLM (time limits, circuit breaker).
   * @defaultValue createChatModel with the configured time limits and no breaker
   */
  chatModel?: (config: ProviderConfig) => ChatModel;
  /** Counts failed training jobs. @defaultValue none */
  metrics?: Metrics;
}

export interface BrandVoiceParts {
  /** Serves the registry's active version; swaps on promotion and rollback. */
  voice: SwitchableBrandVoice;
  training: TrainingEngine;
  close(): Promise<void>;
}

/**
 * The brand voice of a server: the base model is registered (v1 when the registry is empty),
 * the active version is loaded, and the model follows the registry from then on.
 */
export async function openBrandVoice(options: OpenBrandVoiceOptions): Promise<BrandVoiceParts> {
  const { config, brand, profile, log } = options;
  const chatModel =
    options.chatModel ??
    ((c: ProviderConfig) => createChatModel(c, { timeouts: config.providerLimits.chat }));
  const baseOffline = OfflineBrandVoice.fromArtifact(brand.artifact, profile);
  const base: BrandVoiceModel = config.llm
    ? new LlmBrandVoice({ offline: baseOffline, chat: chatModel(config.llm), profile })
    : baseOffline;
  const offlineBase = async () => baseOffline;
  const load = brandVersionLoader({ config, profile, baseOffline: offlineBase, chatModel });
  const training = openTrainingEngine({
    config,
    redisUrl: options.redisUrl,
    profile,
    runWorker: options.runWorker,
    ...(options.outages ? { outages: options.outages } : {}),
    loadForEvaluation: brandVersionLoader({
      config,
      profile,
      baseOffline: offlineBase,
      offlineOnly: true,
    }),
    log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const { active } = await training.registry.ensureBase({
    provider: 'local',
    modelId: brand.path,
    datasetHash: brand.artifact.dataHash,
  });
  let initial = { version: active.version, model: base };
  if (active.modelId !== brand.path) {
    try {
      initial = { version: active.version, model: await load(active) };
    } catch (error) {
      // Serve the base model meanwhile; the periodic check keeps trying the active version.
      log.error('brand.model.load_failed', {
        version: active.version,
        message: (error as Error).message,
      });
      initial = { version: 'base', model: base };
    }
  }
  const voice = new SwitchableBrandVoice({ registry: training.registry, load, initial, log });
  await voice.start();
  return {
    voice,
    training,
    async close() {
      await voice.close();
      await training.close();
    },
  };
}

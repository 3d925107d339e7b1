import { LlmBrandVoice, OfflineBrandVoice } from '@switchboard/brand-voice';
import type { Config, ProviderConfig } from '@switchboard/config';
import {
  type BrandVoiceModel,
  type ChatModel,
  type CompanyProfile,
  describeError,
  type Logger,
  type Metrics,
} from '@switchboard/core';
import {
  type EvaluateVersionOn,
  SwitchableBrandVoice,
  versionEvaluator,
} from '@switchboard/fine-tuning';
import type { RedisOutageLog } from '@switchboard/local-redis';
import { createChatModel } from '@switchboard/providers';
import type { BrandModelLoad } from './brand-model.ts';
import { brandVersionLoader } from './brand-versions.ts';
import { openTrainingEngine, type TrainingEngine } from './training-engine.ts';

export interface OpenBrandVoiceOptions {
  config: Config;
  redisUrl: string;
  /** The base model trained (or loaded) from BRAND_DATA_PATH, on the train part of its split. */
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

/** Scores a base version on its validation split and records the metrics; a failure is only logged. */
async function scoreBase(
  registry: TrainingEngine['registry'],
  evaluateOn: EvaluateVersionOn,
  base: { version: string; validationPath: string },
  log: Logger,
): Promise<void> {
  const { version } = base;
  try {
    const metrics = await evaluateOn(await registry.require(version), base.validationPath);
    await registry.update(version, { metrics }, 'scored on its validation split');
  } catch (error) {
    log.warn('brand.model.base_not_scored', { version, message: describeError(error) });
  }
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
  const loadForEvaluation = brandVersionLoader({
    config,
    profile,
    baseOffline: offlineBase,
    offlineOnly: true,
  });
  const training = openTrainingEngine({
    config,
    redisUrl: options.redisUrl,
    profile,
    runWorker: options.runWorker,
    ...(options.outages ? { outages: options.outages } : {}),
    loadForEvaluation,
    log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  // Registered with its split, so `brand eval` can score it and the gate compares a candidate
  // trained on the same dataset with it on examples neither saw.
  const { active, created } = await training.registry.ensureBase({
    provider: 'local',
    modelId: brand.path,
    datasetHash: brand.dataset.hash,
    trainPath: brand.dataset.trainPath,
    ...(brand.dataset.validationPath ? { validationPath: brand.dataset.validationPath } : {}),
  });
  // The new base version's own figures for `brand models list`, in the background (offline).
  const scored =
    created && active.modelId === brand.path && brand.dataset.validationPath
      ? scoreBase(
          training.registry,
          versionEvaluator({ load: loadForEvaluation, profile }),
          { version: active.version, validationPath: brand.dataset.validationPath },
          log,
        )
      : Promise.resolve();
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
      await scored;
      await training.close();
    },
  };
}

import { userInfo } from 'node:os';
import { OfflineBrandVoice } from '@switchboard/brand-voice';
import { loadConfig } from '@switchboard/config';
import {
  createTrainingQueue,
  type LoadVersionModel,
  RedisModelRegistry,
  type TrainingQueue,
  versionEvaluator,
} from '@switchboard/fine-tuning';
import {
  brandVersionLoader,
  loadCompanyProfile,
  loadOrTrainBrandModel,
  modelRegistryPrefix,
  syncKeyPrefixes,
} from '@switchboard/runtime';
import { Redis } from 'ioredis';
import { cliLogger } from '../logger.ts';

/** What the brand model commands talk to; tests pass their own (own prefix, captured output). */
export interface BrandCliContext {
  registry: RedisModelRegistry;
  queue: TrainingQueue;
  /** Loads a version as `train-local` scored it (local versions without the LLM on top). */
  load: LoadVersionModel;
  profile: Readonly<Record<string, string>>;
  /** `<dataDir>`: built datasets are under `datasets/`. */
  dataDir: string;
  /** Recorded in the version history as who promoted or rolled back. */
  actor: string;
  out: { write(text: string): unknown };
  /** Progress lines go here, so stdout stays parseable; bars only when it is a terminal. */
  err: { write(text: string): unknown; isTTY?: boolean };
  /** How often `--wait` polls its job. @defaultValue 1000 */
  pollMs?: number;
}

/** Opens the context on the configured Redis, with the gate scoring versions like the server does. */
export async function withBrandContext<T>(
  use: (context: BrandCliContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const profile = await loadCompanyProfile(config.companyProfilePath, config.companyName);
  // The base model is needed only to serve a remote version (its classifier); cached after the first start.
  const baseOffline = async () => {
    const modelsDir = `${config.dataDir}/models`;
    const brand = await loadOrTrainBrandModel({
      dataPath: config.brandDataPath,
      modelsDir,
      datasetsDir: `${config.dataDir}/datasets`,
      profilePath: config.companyProfilePath,
      ...(config.companyName ? { companyName: config.companyName } : {}),
      companyFacts: profile,
    });
    return OfflineBrandVoice.fromArtifact(brand.artifact, profile);
  };
  const load = brandVersionLoader({ config, profile, baseOffline, offlineOnly: true });
  // BullMQ wants `maxRetriesPerRequest: null` on the connections it uses.
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const registry = new RedisModelRegistry({
    redis,
    prefix: modelRegistryPrefix(config.redis.prefix),
    evaluateOn: versionEvaluator({ load, profile }),
    log: cliLogger(config),
  });
  const queue = createTrainingQueue({
    connection: redis,
    prefix: syncKeyPrefixes(config.redis.prefix).queue,
  });
  try {
    return await use({
      registry,
      queue,
      load,
      profile,
      dataDir: config.dataDir,
      actor: `cli:${userInfo().username}`,
      out: process.stdout,
      err: process.stderr,
    });
  } finally {
    await queue.close();
    await registry.close();
    redis.disconnect();
  }
}

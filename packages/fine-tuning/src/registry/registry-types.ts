import type {
  BrandEvalMetrics,
  BrandVoiceModel,
  ModelState,
  ModelVersion,
} from '@switchboard/core';

/** A version as the registry stores it: the core contract plus where it came from. */
export interface RegisteredVersion extends ModelVersion {
  /** The validation split its metrics were computed on; the gate scores the active version on it too. */
  validationPath?: string;
  trainPath?: string;
  /** Trained by the runtime from BRAND_DATA_PATH at start (the base rollback can always return to). */
  base?: boolean;
  /** The training job that registered it, so a retried job does not register twice. */
  jobId?: string;
  /**
   * Where a self-hosted model is served (`openai-compatible`: vLLM `…/v1`; `ollama`), as given to
   * `brand models register`; absent for OpenAI fine-tunes (served at the configured endpoint).
   */
  baseUrl?: string;
}

/** What a producer gives to `create`; the registry numbers, dates and records the version. */
export type NewVersion = Omit<RegisteredVersion, 'version' | 'createdAt' | 'history' | 'state'> & {
  /** @defaultValue 'candidate' (a training job that has not finished yet creates 'training') */
  state?: Exclude<ModelState, 'active' | 'retired'>;
};

/** Fields a training job may change after creation (state changes to active/retired go through promote/rollback). */
export type VersionUpdate = Partial<
  Pick<
    RegisteredVersion,
    'modelId' | 'metrics' | 'remoteJobId' | 'error' | 'validationPath' | 'trainPath' | 'baseModel'
  >
> & { state?: Exclude<ModelState, 'active' | 'retired'> };

/** Published on the registry's channel whenever another version becomes active. */
export interface ActiveChanged {
  version: string;
  previous: string | null;
}

export interface PromotionResult {
  version: RegisteredVersion;
  previous: string | null;
  forced: boolean;
  /** The gate's reasons to refuse (non-empty only on a forced promotion). */
  reasons: string[];
  /** The metrics the candidate was compared with (the active version's on the candidate's split). */
  compared: BrandEvalMetrics | null;
}

/**
 * Scores an existing version on a validation split, so the gate compares the active version and
 * the candidate on the same examples. Supplied by whoever can load models (runtime, CLI).
 */
export type EvaluateVersionOn = (
  version: RegisteredVersion,
  validationPath: string,
) => Promise<BrandEvalMetrics>;

/** Builds the model that serves a version (offline artifact, or an LLM with the version's model id). */
export type LoadVersionModel = (version: RegisteredVersion) => Promise<BrandVoiceModel>;

/** Redis keys under the registry's prefix (`<REDIS_PREFIX>:models:`). */
export function registryKeys(prefix: string) {
  return {
    sequence: `${prefix}seq`,
    version: (version: string) => `${prefix}v:${version}`,
    versions: `${prefix}versions`,
    active: `${prefix}active`,
    job: (jobId: string) => `${prefix}job:${jobId}`,
    channel: `${prefix}active-changed`,
  };
}

/** `v12` → 12 (the order of versions). */
export function versionNumber(version: string): number {
  const n = Number(/^v(\d+)$/.exec(version)?.[1]);
  return Number.isInteger(n) ? n : Number.NaN;
}

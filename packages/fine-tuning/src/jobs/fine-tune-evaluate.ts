import {
  type BrandExample,
  LlmBrandVoice,
  loadBrandDataset,
  OfflineBrandVoice,
  trainBrandVoice,
} from '@switchboard/brand-voice';
import {
  type BrandEvalMetrics,
  type BrandVoiceModel,
  type ChatModel,
  type CompanyProfile,
  SwitchboardError,
} from '@switchboard/core';
import { evaluateBrandModel } from '../evaluate/evaluate-brand-model.ts';
import type { EvaluateVersionOn, RegisteredVersion } from '../registry/registry-types.ts';

export interface RemoteVersionModelOptions {
  /**
   * The chat model serving a version's `modelId` (the runtime passes `createChatModel` with the
   * fine-tuning endpoint for `openai`, the version's own base URL for `openai-compatible`).
   */
  chatFor: (version: RegisteredVersion) => ChatModel;
  profile: CompanyProfile;
  /** The brand's system prompt the model was tuned with. @defaultValue LlmBrandVoice's voice */
  systemPrompt?: string;
  /** Replies generated at once during evaluation. @defaultValue 4 */
  concurrency?: number;
}

async function examplesOf(path: string, what: string): Promise<BrandExample[]> {
  const { examples } = await loadBrandDataset(path);
  if (examples.length === 0) {
    throw new SwitchboardError('DATA_INVALID', `The ${what} ${path} has no usable examples.`);
  }
  return examples;
}

/** Offline models per train split: one training per split and process. */
function offlineCache(profile: CompanyProfile): (trainPath: string) => Promise<OfflineBrandVoice> {
  const cache = new Map<string, Promise<OfflineBrandVoice>>();
  return (trainPath) => {
    let found = cache.get(trainPath);
    if (!found) {
      found = examplesOf(trainPath, 'train split').then((examples) =>
        OfflineBrandVoice.fromArtifact(
          trainBrandVoice(examples, { companyFacts: profile }),
          profile,
        ),
      );
      found.catch(() => cache.delete(trainPath));
      cache.set(trainPath, found);
    }
    return found;
  };
}

function remoteModel(
  offline: OfflineBrandVoice,
  chat: ChatModel,
  options: RemoteVersionModelOptions,
): BrandVoiceModel {
  return new LlmBrandVoice({
    offline,
    chat,
    profile: options.profile,
    ...(options.systemPrompt ? { systemPrompt: options.systemPrompt } : {}),
  });
}

function trainPathOf(version: RegisteredVersion): string {
  if (version.provider === 'local') {
    throw new SwitchboardError(
      'BAD_REQUEST',
      `${version.version} is a local model, not a remote one.`,
    );
  }
  if (!version.trainPath) {
    throw new SwitchboardError(
      'DATA_INVALID',
      `${version.version} records no train split to route with.`,
    );
  }
  return version.trainPath;
}

/**
 * Serves a remotely hosted version (OpenAI fine-tune, vLLM/Ollama adapter) the way the runtime
 * serves an LLM: the offline model trained on the version's train split classifies and picks the
 * approved reference, the tuned model writes the reply, and placeholders are filled on the way out.
 */
export function createRemoteVersionLoader(
  options: RemoteVersionModelOptions,
): (version: RegisteredVersion) => Promise<BrandVoiceModel> {
  const offlineFor = offlineCache(options.profile);
  return async (version) =>
    remoteModel(await offlineFor(trainPathOf(version)), options.chatFor(version), options);
}

/**
 * The gate's evaluation of remote versions: their replies on a validation split, scored. Serving
 * falls back to the approved reply when the provider fails; scoring that fallback would credit the
 * remote model with the offline one's replies, so any provider failure fails the evaluation.
 */
export function createRemoteEvaluator(options: RemoteVersionModelOptions): EvaluateVersionOn {
  const offlineFor = offlineCache(options.profile);
  return async (version, validationPath): Promise<BrandEvalMetrics> => {
    const offline = await offlineFor(trainPathOf(version));
    const chat = options.chatFor(version);
    const failures: unknown[] = [];
    const watched: ChatModel = {
      id: chat.id,
      async *stream(messages, streamOptions) {
        try {
          yield* chat.stream(messages, streamOptions);
        } catch (err) {
          failures.push(err);
          throw err;
        }
      },
    };
    const metrics = await evaluateBrandModel(
      remoteModel(offline, watched, options),
      await examplesOf(validationPath, 'validation split'),
      { profile: options.profile, concurrency: options.concurrency ?? 4 },
    );
    if (failures.length > 0) {
      const first = failures[0];
      throw new SwitchboardError(
        'PROVIDER_FAILED',
        `Evaluating ${version.version} (${version.modelId}): ${failures.length} of ${metrics.n} replies failed: ${first instanceof Error ? first.message : String(first)}`,
        { cause: first },
      );
    }
    return metrics;
  };
}

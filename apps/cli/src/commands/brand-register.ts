import { join } from 'node:path';
import { type Config, loadConfig } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/core';
import { createRemoteEvaluator } from '@switchboard/fine-tuning';
import { createChatModel } from '@switchboard/providers';
import { versionChatConfig } from '@switchboard/runtime';
import { type CommandArgs, UsageError } from '../output.ts';
import { type BrandCliContext, withBrandContext } from './brand-context.ts';
import { datasetDirOf, emit } from './brand-train-openai.ts';

const PROVIDERS = ['openai-compatible', 'ollama', 'openai'] as const;
type RegisteredProvider = (typeof PROVIDERS)[number];

const text = (value: string | boolean | undefined) =>
  typeof value === 'string' ? value : undefined;

/**
 * `brand models register --provider openai-compatible --model NAME --base-url URL [--dataset DIR]`:
 * records a model served elsewhere (vLLM with a LoRA adapter, Ollama with an ADAPTER) as a
 * candidate version, scores it on the dataset's validation split and prints the metrics. It goes
 * live only through `brand models promote` (the gate).
 */
export async function registerModelCommand(
  args: CommandArgs,
  context?: BrandCliContext,
  config: Config = loadConfig(),
): Promise<void> {
  if (!context) return withBrandContext((opened) => registerModelCommand(args, opened, config));
  const { values } = args;
  const provider = text(values.provider) as RegisteredProvider | undefined;
  const model = text(values.model);
  const baseUrl = text(values['base-url']);
  if (!provider || !PROVIDERS.includes(provider) || !model) {
    throw new UsageError(
      'usage: switchboard brand models register --provider openai-compatible|ollama|openai --model NAME [--base-url URL] [--dataset DIR]',
    );
  }
  if (provider !== 'openai' && !baseUrl)
    throw new UsageError(`--provider ${provider} needs --base-url`);
  if (baseUrl && !URL.canParse(baseUrl)) throw new UsageError(`--base-url ${baseUrl} is not a URL`);
  const { registry } = context;
  const dataset = await datasetDirOf(values, context.dataDir);
  const validationPath = join(dataset.dir, 'validation.jsonl');
  const version = await registry.create({
    provider,
    modelId: model,
    datasetHash: dataset.hash,
    state: 'training',
    trainPath: join(dataset.dir, 'train.jsonl'),
    validationPath,
    ...(baseUrl ? { baseUrl } : {}),
  });
  context.err.write(`evaluating ${version.version} (${provider} ${model}) on ${validationPath}…\n`);
  const evaluate = createRemoteEvaluator({
    profile: context.profile,
    chatFor: (v) =>
      createChatModel(versionChatConfig(config, v), { timeouts: config.providerLimits.chat }),
    ...(dataset.systemPrompt ? { systemPrompt: dataset.systemPrompt } : {}),
  });
  try {
    const metrics = await evaluate(version, validationPath);
    await registry.update(
      version.version,
      { metrics, state: 'candidate' },
      `registered ${provider} ${model}`,
    );
    emit(
      context,
      {
        version: version.version,
        state: 'candidate',
        provider,
        model,
        ...(baseUrl ? { base_url: baseUrl } : {}),
        ...metrics,
      },
      values.json === true,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await registry.update(version.version, { state: 'failed', error: reason }, 'evaluation failed');
    throw error instanceof SwitchboardError
      ? error
      : new SwitchboardError('PROVIDER_FAILED', `Evaluating ${model}: ${reason}`, { cause: error });
  }
}

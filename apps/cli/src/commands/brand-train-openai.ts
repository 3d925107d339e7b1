import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { type Config, loadConfig } from '@switchboard/config';
import { type BrandEvalMetrics, SwitchboardError } from '@switchboard/core';
import { cancelTraining, FineTuneRunState, fineTuneRunPrefix } from '@switchboard/fine-tuning';
import { createFineTuneProvider } from '@switchboard/providers';
import { Redis } from 'ioredis';
import { type CommandArgs, printResult, UsageError } from '../output.ts';
import { type BrandCliContext, withBrandContext } from './brand-context.ts';

/** Default base model of `brand train --openai` (a snapshot OpenAI fine-tunes). */
export const DEFAULT_FINE_TUNE_BASE_MODEL = 'gpt-4o-mini-2024-07-18';

/** What the OpenAI commands need besides the brand context; tests pass their own. */
export interface FineTuneCliDeps {
  config: Config;
  /** Run state of `fine-tune-openai` runs (the worker writes it under the same prefix). */
  runs: FineTuneRunState;
}

async function withFineTuneDeps<T>(use: (deps: FineTuneCliDeps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const redis = new Redis(config.redis.url);
  try {
    return await use({
      config,
      runs: new FineTuneRunState(redis, fineTuneRunPrefix(config.redis.prefix)),
    });
  } finally {
    redis.disconnect();
  }
}

export interface DatasetDir {
  dir: string;
  hash: string;
  /** The brand system prompt the dataset was exported with (its report.json). */
  systemPrompt?: string;
}

/** `--dataset DIR`, else the newest dataset `brand dataset build` wrote under `<dataDir>/datasets`. */
export async function datasetDirOf(
  values: CommandArgs['values'],
  dataDir: string,
): Promise<DatasetDir> {
  let dir = typeof values.dataset === 'string' ? resolve(values.dataset) : undefined;
  if (!dir) {
    const root = join(dataDir, 'datasets');
    let newest: { name: string; at: number } | undefined;
    for (const name of await readdir(root).catch(() => [] as string[])) {
      const at = (await stat(join(root, name, 'train.jsonl')).catch(() => null))?.mtimeMs;
      if (at !== undefined && !name.includes('.tmp-') && (!newest || at > newest.at))
        newest = { name, at };
    }
    if (!newest) {
      throw new SwitchboardError(
        'NOT_FOUND',
        `No built dataset under ${root}: run \`switchboard brand dataset build\` first, or pass --dataset DIR.`,
      );
    }
    dir = join(root, newest.name);
  }
  for (const split of ['train.jsonl', 'validation.jsonl']) {
    if (!(await stat(join(dir, split)).catch(() => null))?.isFile()) {
      throw new SwitchboardError(
        'NOT_FOUND',
        `${join(dir, split)} does not exist: is ${dir} a built dataset?`,
      );
    }
  }
  const report = await readFile(join(dir, 'report.json'), 'utf8').then(
    (text) => JSON.parse(text) as { hash?: string; systemPrompt?: string },
    () => ({}) as { hash?: string; systemPrompt?: string },
  );
  return {
    dir,
    hash: report.hash ?? basename(dir),
    ...(report.systemPrompt ? { systemPrompt: report.systemPrompt } : {}),
  };
}

/** A result to the context's output: JSON (`--json`) or an aligned two-column table. */
export function emit(
  context: BrandCliContext,
  result: Record<string, unknown>,
  json: boolean,
): void {
  printResult(result, json, context.out);
}

/** Prints the job's new log lines (the remote job's events) until it ends; answers its result. */
async function follow(context: BrandCliContext, jobId: string): Promise<unknown> {
  let printed = 0;
  for (;;) {
    // State first, then logs: a finished job's last events are printed before its result.
    const state = await context.queue.getJobState(jobId);
    const { logs } = await context.queue.getJobLogs(jobId, printed, -1);
    for (const line of logs) context.err.write(`  ${line}\n`);
    printed += logs.length;
    if (state === 'completed' || state === 'failed') {
      const job = await context.queue.getJob(jobId);
      if (state === 'completed') return job?.returnvalue;
      throw new SwitchboardError(
        'PROVIDER_FAILED',
        `Training job ${jobId} failed: ${job?.failedReason ?? 'unknown reason'}`,
      );
    }
    await new Promise((done) => setTimeout(done, context.pollMs ?? 1_000));
  }
}

/** `brand train --openai [--base-model M] [--dataset DIR] [--suffix S] [--wait] [--json]`. */
export async function trainOpenAiCommand(
  args: CommandArgs,
  context?: BrandCliContext,
  deps?: FineTuneCliDeps,
): Promise<void> {
  if (!context) return withBrandContext((opened) => trainOpenAiCommand(args, opened, deps));
  if (!deps) return withFineTuneDeps((opened) => trainOpenAiCommand(args, context, opened));
  const { values } = args;
  // Refuse before registering anything when no key or endpoint is configured.
  createFineTuneProvider(deps.config.fineTuning);
  const dataset = await datasetDirOf(values, context.dataDir);
  const baseModel =
    typeof values['base-model'] === 'string' ? values['base-model'] : DEFAULT_FINE_TUNE_BASE_MODEL;
  const suffix = typeof values.suffix === 'string' ? values.suffix : undefined;
  const trainPath = join(dataset.dir, 'train.jsonl');
  const validationPath = join(dataset.dir, 'validation.jsonl');
  const created = await context.registry.create({
    provider: 'openai',
    modelId: '',
    datasetHash: dataset.hash,
    baseModel,
    state: 'training',
    trainPath,
    validationPath,
  });
  const version = created.version;
  const job = await context.queue.add('fine-tune-openai', {
    trainPath,
    validationPath,
    datasetHash: dataset.hash,
    baseModel,
    ...(suffix ? { suffix } : {}),
    version,
  });
  const started = { version, job: job.id ?? '', base_model: baseModel, dataset: dataset.dir };
  if (values.wait !== true) {
    emit(context, started, values.json === true);
    if (values.json !== true)
      context.out.write(
        `follow it with --wait, or stop it with: switchboard brand train --cancel ${version}\n`,
      );
    return;
  }
  if ((await context.queue.getWorkersCount()) === 0) {
    context.err.write(
      'no training worker is running yet: start `npm start` (in-process worker) or `npm run worker`\n',
    );
  }
  context.err.write(`fine-tuning ${baseModel} as ${version} (job ${started.job})…\n`);
  const { metrics, ...result } = ((await follow(context, started.job)) ?? {}) as Record<
    string,
    unknown
  >;
  emit(
    context,
    { ...started, ...result, ...((metrics ?? {}) as Partial<BrandEvalMetrics>) },
    values.json === true,
  );
  if (result.state === 'candidate' && values.json !== true) {
    context.out.write(`promote it with: switchboard brand models promote ${version}\n`);
  }
}

/** `brand train --cancel <version>`: no remote job will be created, a running one is cancelled. */
export async function cancelTrainingCommand(
  args: CommandArgs,
  context?: BrandCliContext,
  deps?: FineTuneCliDeps,
): Promise<void> {
  if (!context) return withBrandContext((opened) => cancelTrainingCommand(args, opened, deps));
  if (!deps) return withFineTuneDeps((opened) => cancelTrainingCommand(args, context, opened));
  const version = typeof args.values.cancel === 'string' ? args.values.cancel : undefined;
  if (!version) throw new UsageError('usage: switchboard brand train --cancel <version>');
  const cancelled = await cancelTraining(
    {
      provider: createFineTuneProvider(deps.config.fineTuning),
      registry: context.registry,
      runs: deps.runs,
    },
    version,
  );
  emit(
    context,
    {
      version: cancelled.version,
      state: cancelled.state,
      error: cancelled.error ?? '',
      remote_job: cancelled.remoteJobId ?? 'none',
    },
    args.values.json === true,
  );
}

import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import type { TrainingProgress, TrainingQueue, TrainLocalResult } from '@switchboard/fine-tuning';
import { type CommandArgs, UsageError } from '../output.ts';
import { type BrandCliContext, withBrandContext } from './brand-context.ts';
import { metricsLine } from './brand-models.ts';
import { cancelTrainingCommand, trainOpenAiCommand } from './brand-train-openai.ts';

/** The most recently built dataset under `<dataDir>/datasets/` (the one with the newest train split). */
export async function latestDataset(dataDir: string): Promise<string> {
  const root = join(dataDir, 'datasets');
  const names = await readdir(root).catch(() => [] as string[]);
  let best: { dir: string; at: number } | null = null;
  for (const name of names) {
    const info = await stat(join(root, name, 'train.jsonl')).catch(() => null);
    if (info && (!best || info.mtimeMs > best.at))
      best = { dir: join(root, name), at: info.mtimeMs };
  }
  if (!best) {
    throw new SwitchboardError(
      'NOT_FOUND',
      `No built dataset under ${root}: run \`switchboard brand dataset build\` first, or pass --dataset DIR.`,
    );
  }
  return best.dir;
}

/** `[#####-----] 45% evaluating`, redrawn in place. */
export function trainingProgressLine(progress: unknown, width = 30): string {
  const p = (typeof progress === 'object' && progress ? progress : {}) as Partial<TrainingProgress>;
  const percent = Math.max(0, Math.min(100, p.percent ?? 0));
  const filled = Math.round((percent / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${p.stage ?? 'waiting'}`;
}

/** Polls a training job until it completes (its return value) or fails (the reason, as an error). */
export async function waitForTrainingJob(
  queue: TrainingQueue,
  jobId: string,
  options: { onProgress?: (progress: unknown) => void; pollMs?: number } = {},
): Promise<unknown> {
  for (;;) {
    // State first, then the job: read the other way round, the hash can predate the transition.
    const state = await queue.getJobState(jobId);
    const job = await queue.getJob(jobId);
    if (!job)
      throw new SwitchboardError('NOT_FOUND', `Training job ${jobId} is no longer in the queue.`);
    if (state === 'completed') return job.returnvalue;
    if (state === 'failed') {
      throw new SwitchboardError('INTERNAL', `Training job ${jobId} failed: ${job.failedReason}`);
    }
    options.onProgress?.(job.progress);
    await new Promise((done) => setTimeout(done, options.pollMs ?? 1000));
  }
}

async function trainLocal(args: CommandArgs, context: BrandCliContext): Promise<void> {
  const json = args.values.json === true;
  const dir =
    typeof args.values.dataset === 'string'
      ? resolve(args.values.dataset)
      : await latestDataset(context.dataDir);
  const payload = {
    trainPath: join(dir, 'train.jsonl'),
    validationPath: join(dir, 'validation.jsonl'),
    datasetHash: basename(dir),
  };
  for (const path of [payload.trainPath, payload.validationPath]) {
    if (!(await stat(path).catch(() => null))?.isFile()) {
      throw new SwitchboardError('NOT_FOUND', `${path} does not exist: is ${dir} a built dataset?`);
    }
  }
  const job = await context.queue.add('train-local', payload);
  if (args.values.wait !== true) {
    context.out.write(
      json ? `${JSON.stringify({ jobId: job.id })}\n` : `queued train-local ${job.id}\n`,
    );
    return;
  }
  if ((await context.queue.getWorkersCount()) === 0) {
    context.err.write(
      'no training worker is running yet: start `npm start` (in-process worker) or `npm run worker`\n',
    );
  }
  // A bar redrawn with `\r` only on a terminal, never with --json (logs and pipes get none).
  const bar = !json && context.err.isTTY === true;
  const draw = (progress: unknown, end = '') => {
    if (bar) context.err.write(`\r${trainingProgressLine(progress)}${end}`);
  };
  const result = (await waitForTrainingJob(context.queue, job.id!, {
    onProgress: (progress) => draw(progress),
    ...(context.pollMs ? { pollMs: context.pollMs } : {}),
  }).catch((error: unknown) => {
    // The error is printed on a line of its own, not after the bar.
    if (bar) context.err.write('\n');
    throw error;
  })) as TrainLocalResult;
  draw({ stage: 'done', percent: 100 }, '\n');
  if (json) {
    context.out.write(`${JSON.stringify(result)}\n`);
    return;
  }
  context.out.write(`candidate ${result.version} (${result.trainExamples} training examples)\n`);
  context.out.write(`  validation  ${metricsLine(result.metrics)}\n`);
  context.out.write(`  artifact    ${result.artifact}\n`);
  context.out.write(`promote it with: switchboard brand models promote ${result.version}\n`);
}

/** `switchboard brand train --local [--dataset DIR] [--wait] [--json]`. */
export async function brandTrainCommand(
  args: CommandArgs,
  context?: BrandCliContext,
): Promise<void> {
  if (!context) return withBrandContext((opened) => brandTrainCommand(args, opened));
  if (typeof args.values.cancel === 'string') return cancelTrainingCommand(args, context);
  const local = args.values.local === true;
  const openai = args.values.openai === true;
  if (local === openai)
    throw new UsageError('brand train needs exactly one of --local or --openai');
  if (local) return trainLocal(args, context);
  // Fine-tuning on OpenAI also opens the provider config and the remote run state.
  return trainOpenAiCommand(args, context);
}

import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  type BrandEvalMetrics,
  type FineTuneJobStatus,
  type FineTuneProvider,
  type Logger,
  SwitchboardError,
  silentLogger,
} from '@switchboard/core';
import { type Job, UnrecoverableError } from 'bullmq';
import type {
  EvaluateVersionOn,
  RegisteredVersion,
  VersionUpdate,
} from '../registry/registry-types.ts';
import { type FollowOptions, followRemoteJob } from './fine-tune-follow.ts';
import type { FineTuneRunState } from './fine-tune-run-state.ts';
import type { TrainingJobPayloads } from './training-queue.ts';

export type FineTuneOpenAiPayload = TrainingJobPayloads['fine-tune-openai'];

/** The registry operations a run needs (`RedisModelRegistry` has them). */
export interface FineTuneVersions {
  get(version: string): Promise<RegisteredVersion | null>;
  update(version: string, patch: VersionUpdate, event?: string): Promise<RegisteredVersion>;
}

export interface FineTuneOpenAiDeps {
  provider: FineTuneProvider;
  registry: FineTuneVersions;
  runs: FineTuneRunState;
  /** Scores the tuned model on the validation split (the runtime builds an LLM brand voice on it). */
  evaluateOn: EvaluateVersionOn;
  follow?: FollowOptions;
  log?: Logger;
}

export interface FineTuneOpenAiResult {
  version: string;
  state: 'candidate' | 'cancelled';
  remoteJobId?: string;
  modelId?: string;
  metrics?: BrandEvalMetrics;
}

/** The tag under which a run's remote job is recognised after a crash (see `FineTuneProvider.findJob`). */
const RUN_TAG = 'switchboard_run';

/** The OpenAI export `brand dataset build` writes next to a split (`openai-train.jsonl`), else the split. */
async function uploadable(path: string): Promise<{ filename: string; content: string }> {
  const exported = join(dirname(path), `openai-${basename(path)}`);
  for (const candidate of [exported, path]) {
    try {
      return { filename: basename(candidate), content: await readFile(candidate, 'utf8') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || candidate === path) {
        throw new UnrecoverableError(`cannot read dataset file ${candidate}: ${String(err)}`);
      }
    }
  }
  throw new UnrecoverableError(`cannot read dataset file ${path}`);
}

/**
 * Step 1-2: files and remote job, each recorded so a restarted worker skips it. A job is created
 * only after an intent marker is stored; a run that finds the marker but no id asks the provider
 * for a job carrying its run tag first. Residual window: if the provider does not list the job it
 * just created (or ignores metadata), a crash between create and the id being stored can still
 * leave a second job; the first then runs unfollowed and should be cancelled by hand.
 */
async function ensureRemoteJob(
  data: FineTuneOpenAiPayload,
  deps: FineTuneOpenAiDeps,
  log: Logger,
): Promise<string | null> {
  const { version } = data;
  let state = await deps.runs.load(version);
  const recorded = state.remoteJobId ?? (await deps.registry.get(version))?.remoteJobId;
  if (recorded) return recorded;
  if (state.cancelRequested) return null;
  if (!state.trainFileId) {
    const { fileId } = await deps.provider.uploadTrainingFile(await uploadable(data.trainPath));
    await deps.runs.record(version, { trainFileId: fileId });
  }
  if (!state.validationFileId) {
    const { fileId } = await deps.provider.uploadTrainingFile(
      await uploadable(data.validationPath),
    );
    await deps.runs.record(version, { validationFileId: fileId });
  }
  state = await deps.runs.load(version);
  const tags = { [RUN_TAG]: state.runTag };
  let job: FineTuneJobStatus | undefined;
  if (state.createIntentAt) {
    job = await deps.provider.findJob(tags);
    if (job) log.warn('brand.fine_tune.job_recovered', { version, remoteJobId: job.id });
  }
  if (!job) {
    await deps.runs.record(version, { createIntentAt: Date.now() });
    job = await deps.provider.createJob({
      trainingFileId: state.trainFileId ?? '',
      ...(state.validationFileId ? { validationFileId: state.validationFileId } : {}),
      baseModel: data.baseModel,
      ...(data.suffix ? { suffix: data.suffix } : {}),
      metadata: tags,
    });
  }
  // Persisted before anything else happens: from here a restart follows this very job.
  await deps.runs.record(version, { remoteJobId: job.id });
  await deps.registry.update(version, { remoteJobId: job.id }, `remote job ${job.id} created`);
  log.info('brand.fine_tune.job_created', {
    version,
    remoteJobId: job.id,
    baseModel: data.baseModel,
  });
  if (await deps.runs.isCancelRequested(version)) await deps.provider.cancelJob(job.id);
  return job.id;
}

/** Marks a cancelled run's version once (cancelTraining may have done it already). */
async function markCancelled(deps: FineTuneOpenAiDeps, version: string): Promise<void> {
  const current = await deps.registry.get(version);
  if (current?.state === 'training') {
    await deps.registry.update(version, { state: 'failed', error: 'cancelled' }, 'cancelled');
  }
}

/**
 * The `fine-tune-openai` job: upload the dataset, create the remote job, follow it with backoff
 * (events become job progress and log lines), then register the tuned model on the version,
 * evaluate it on the validation split and leave it a candidate for the gate. A failed remote job
 * fails the version and the job with the provider's reason; a cancelled one stops quietly.
 */
export async function processFineTuneOpenAi(
  job: Job<FineTuneOpenAiPayload>,
  deps: FineTuneOpenAiDeps,
  signal?: AbortSignal,
): Promise<FineTuneOpenAiResult> {
  const log = deps.log ?? silentLogger;
  const { version } = job.data;
  const existing = await deps.registry.get(version);
  if (!existing) throw new UnrecoverableError(`model version ${version} does not exist`);
  if (existing.state === 'candidate' && existing.metrics) {
    return { version, state: 'candidate', modelId: existing.modelId, metrics: existing.metrics };
  }
  if (existing.state !== 'training') {
    throw new UnrecoverableError(`model version ${version} is ${existing.state}, not training`);
  }
  const remoteJobId = await ensureRemoteJob(job.data, deps, log);
  if (!remoteJobId) {
    await markCancelled(deps, version);
    return { version, state: 'cancelled' };
  }
  const run = await deps.runs.load(version);
  const final = await followRemoteJob({
    provider: deps.provider,
    jobId: remoteJobId,
    ...(run.lastEventId ? { lastEventId: run.lastEventId } : {}),
    ...(deps.follow ? { options: deps.follow } : {}),
    ...(signal ? { signal } : {}),
    log,
    onProgress: async (status, events) => {
      for (const event of events) await job.log(`[${event.level}] ${event.message}`);
      const lastEventId = events.at(-1)?.id;
      if (lastEventId) await deps.runs.record(version, { lastEventId });
      await job.updateProgress({ remoteJobId, status: status.status, events: events.slice(-5) });
      log.info('brand.fine_tune.progress', { version, remoteJobId, status: status.status });
    },
  });
  if (final.status === 'cancelled') {
    await markCancelled(deps, version);
    return { version, state: 'cancelled', remoteJobId };
  }
  if (final.status === 'failed' || !final.fineTunedModel) {
    const reason = final.error?.message ?? 'the provider reported no model';
    await deps.registry.update(
      version,
      { state: 'failed', error: reason },
      `remote job failed: ${reason}`,
    );
    log.error('brand.fine_tune.failed', { version, remoteJobId, reason });
    throw new UnrecoverableError(`fine-tuning job ${remoteJobId} failed: ${reason}`);
  }
  const registered = await deps.registry.update(version, {
    modelId: final.fineTunedModel,
    trainPath: job.data.trainPath,
    validationPath: job.data.validationPath,
  });
  const metrics = await deps.evaluateOn(registered, job.data.validationPath);
  await deps.registry.update(
    version,
    { metrics, state: 'candidate' },
    `trained: ${final.fineTunedModel}`,
  );
  log.info('brand.fine_tune.candidate', { version, modelId: final.fineTunedModel, ...metrics });
  return { version, state: 'candidate', remoteJobId, modelId: final.fineTunedModel, metrics };
}

/**
 * Stops a training run: no remote job will be created for it, a running one is cancelled at the
 * provider, and the version is marked failed ("cancelled"). The worker notices and stops.
 */
export async function cancelTraining(
  deps: Pick<FineTuneOpenAiDeps, 'provider' | 'registry' | 'runs'>,
  version: string,
): Promise<RegisteredVersion> {
  const current = await deps.registry.get(version);
  if (!current) throw new SwitchboardError('NOT_FOUND', `No model version "${version}".`);
  if (current.state !== 'training') {
    throw new SwitchboardError(
      'CONFLICT',
      `${version} is ${current.state}: only a training run can be cancelled.`,
    );
  }
  await deps.runs.record(version, { cancelRequested: true });
  const remoteJobId = (await deps.runs.load(version)).remoteJobId ?? current.remoteJobId;
  if (remoteJobId && current.provider !== 'local') await deps.provider.cancelJob(remoteJobId);
  return deps.registry.update(version, { state: 'failed', error: 'cancelled' }, 'cancelled');
}

import { join } from 'node:path';
import {
  type BrandExample,
  loadBrandDataset,
  OfflineBrandVoice,
  saveArtifact,
  trainBrandVoice,
} from '@switchboard/brand-voice';
import type { BrandEvalMetrics, CompanyProfile, Logger } from '@switchboard/core';
import { isSwitchboardError, silentLogger } from '@switchboard/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { evaluateBrandModel } from '../evaluate/evaluate-brand-model.ts';
import type { RedisModelRegistry } from '../registry/model-registry.ts';
import type { TrainingJobPayloads } from './training-queue.ts';

export interface TrainLocalDeps {
  registry: RedisModelRegistry;
  /** Where artifacts go (`<dataDir>/models`). */
  modelsDir: string;
  /** Fills placeholders of replies and references during evaluation. */
  profile: CompanyProfile;
  log?: Logger;
}

/** What a finished `train-local` job answers (BullMQ's return value, read by `brand train --wait`). */
export interface TrainLocalResult {
  version: string;
  artifact: string;
  metrics: BrandEvalMetrics;
  trainExamples: number;
}

/** Job progress: the stage and a rough percentage for the CLI's progress line. */
export interface TrainingProgress {
  stage: 'loading' | 'training' | 'evaluating' | 'registering' | 'done';
  percent: number;
}

/** A split that cannot be read or holds nothing stays that way: fail without retries. */
async function readSplit(path: string, name: string): Promise<BrandExample[]> {
  try {
    const { examples, problems } = await loadBrandDataset(path);
    if (examples.length === 0) {
      throw new UnrecoverableError(
        `the ${name} split ${path} has no usable examples (${problems.length} problem lines)`,
      );
    }
    return examples;
  } catch (error) {
    if (isSwitchboardError(error)) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
}

/**
 * `train-local`: trains the offline brand-voice model on the train split, saves the artifact,
 * scores it on the validation split and registers it as a candidate with those metrics. A retried
 * job that already registered its version answers that version instead of registering another.
 */
export async function processTrainLocal(
  deps: TrainLocalDeps,
  job: Job<TrainingJobPayloads['train-local']>,
): Promise<TrainLocalResult> {
  const log = deps.log ?? silentLogger;
  const jobId = job.id ?? 'unknown';
  const { trainPath, validationPath, datasetHash } = job.data;
  const progress = (p: TrainingProgress) => job.updateProgress(p);
  const done = await deps.registry.findByJob(jobId);
  if (done?.metrics) {
    return {
      version: done.version,
      artifact: done.modelId,
      metrics: done.metrics,
      trainExamples: 0,
    };
  }

  await progress({ stage: 'loading', percent: 5 });
  const train = await readSplit(trainPath, 'train');
  const validation = await readSplit(validationPath, 'validation');
  await progress({ stage: 'training', percent: 10 });
  const artifact = trainBrandVoice(train, { companyFacts: deps.profile });
  const path = join(deps.modelsDir, `brand-voice-${datasetHash.slice(0, 16)}-job${jobId}.json`);
  await saveArtifact(path, artifact);

  await progress({ stage: 'evaluating', percent: 60 });
  let reported = 0;
  const metrics = await evaluateBrandModel(
    OfflineBrandVoice.fromArtifact(artifact, deps.profile),
    validation,
    {
      profile: deps.profile,
      onProgress: (n, total) => {
        // A progress write per 5 % of the split, not per example.
        const percent = 60 + Math.floor((n / total) * 35);
        if (percent >= reported + 2) {
          reported = percent;
          void progress({ stage: 'evaluating', percent });
        }
      },
    },
  );

  await progress({ stage: 'registering', percent: 97 });
  const version = await deps.registry.create({
    provider: 'local',
    modelId: path,
    datasetHash,
    metrics,
    trainPath,
    validationPath,
    jobId,
  });
  log.info('brand.train_local.registered', { jobId, version: version.version, ...metrics });
  await progress({ stage: 'done', percent: 100 });
  return { version: version.version, artifact: path, metrics, trainExamples: train.length };
}

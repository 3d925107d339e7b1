import type { CompanyProfile, Logger } from '@switchboard/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisModelRegistry } from '../registry/model-registry.ts';
import { type FineTuneOpenAiDeps, processFineTuneOpenAi } from './fine-tune-openai.ts';
import { processTrainLocal } from './train-local.ts';
import {
  createTrainingQueue,
  isTrainingJobName,
  TRAINING_QUEUE_NAME,
  type TrainingJobPayloads,
  type TrainingQueue,
  trainingJobSchemas,
} from './training-queue.ts';

export interface CreateTrainingWorkerOptions {
  /** An ioredis client created with `maxRetriesPerRequest: null` (BullMQ blocks on it). */
  connection: Redis;
  /** BullMQ key prefix, the same as the sync queue's (`<REDIS_PREFIX>:bull`). @defaultValue BullMQ's `bull` */
  prefix?: string;
  registry: RedisModelRegistry;
  /** Where local artifacts are saved (`<dataDir>/models`). */
  modelsDir: string;
  /** Company facts for placeholder filling during evaluation. */
  profile: CompanyProfile;
  /** Jobs processed at once. @defaultValue 1 */
  concurrency?: number;
  /**
   * How long a job's lock lives without renewal. Local training is CPU-bound and blocks the event
   * loop (no renewals meanwhile), so the default outlives a long training; a killed worker's job
   * is picked up again after it. @defaultValue 120_000
   */
  lockDuration?: number;
  /** How often stalled jobs are looked for. @defaultValue 30_000 */
  stalledInterval?: number;
  /** @defaultValue silent */
  log?: Logger;
  /** What `fine-tune-openai` jobs need (provider, run state, evaluation); absent = they fail saying so. */
  fineTune?: Omit<FineTuneOpenAiDeps, 'registry' | 'log'>;
}

export interface TrainingWorker {
  worker: Worker;
  queue: TrainingQueue;
  close(): Promise<void>;
}

/** Builds the worker of the training queue (train-local, fine-tune-openai). */
export function createTrainingWorker(options: CreateTrainingWorkerOptions): TrainingWorker {
  const { connection, prefix } = options;
  const queue = createTrainingQueue({ connection, ...(prefix ? { prefix } : {}) });
  const worker = new Worker(
    TRAINING_QUEUE_NAME,
    (job, _token, signal) => dispatch(options, job, signal),
    {
      connection,
      ...(prefix ? { prefix } : {}),
      concurrency: options.concurrency ?? 1,
      // Local training blocks the event loop for seconds (no lock renewal meanwhile): a long lock.
      lockDuration: options.lockDuration ?? 120_000,
      stalledInterval: options.stalledInterval ?? 30_000,
      // A remote fine-tune is followed for hours: survive several worker restarts.
      maxStalledCount: 10,
    },
  );
  return {
    worker,
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

/** Validates the payload against its job name, then runs that name's processor. */
async function dispatch(
  options: CreateTrainingWorkerOptions,
  job: Job,
  signal?: AbortSignal,
): Promise<unknown> {
  const name = job.name;
  if (!isTrainingJobName(name)) throw new UnrecoverableError(`unknown training job "${name}"`);
  const parsed = trainingJobSchemas[name].safeParse(job.data);
  if (!parsed.success) {
    // Bad data stays bad: fail now instead of spending the retries.
    throw new UnrecoverableError(`${name} payload failed validation: ${parsed.error.message}`);
  }
  switch (name) {
    case 'train-local':
      return processTrainLocal(options, job as Job<TrainingJobPayloads['train-local']>);
    case 'fine-tune-openai': {
      if (!options.fineTune) {
        throw new UnrecoverableError('this worker has no fine-tuning provider configured');
      }
      const deps = {
        ...options.fineTune,
        registry: options.registry,
        ...(options.log ? { log: options.log } : {}),
      };
      return processFineTuneOpenAi(
        job as Job<TrainingJobPayloads['fine-tune-openai']>,
        deps,
        signal,
      );
    }
  }
}

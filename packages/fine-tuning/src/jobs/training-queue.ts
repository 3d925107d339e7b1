import { type ConnectionOptions, Queue } from 'bullmq';
import { z } from 'zod';

/** The queue of brand-voice training jobs, consumed by the sync worker's process (`npm start` or `npm run worker`). */
export const TRAINING_QUEUE_NAME = 'switchboard-training';

const datasetPath = z.string().min(1);

/** Payload schemas by job name: one source of truth for producers (CLI, admin API) and the worker. */
export const trainingJobSchemas = {
  /** Train the offline brand-voice model on a built dataset and register it as a candidate. */
  'train-local': z.strictObject({
    /** Training split (JSONL chat format, as `brand dataset build` writes it). */
    trainPath: datasetPath,
    /** Validation split, used by the promotion gate. */
    validationPath: datasetPath,
    datasetHash: z.string().min(1),
  }),
  /** Upload the dataset to OpenAI, create a fine-tuning job, follow it, register the model. */
  'fine-tune-openai': z.strictObject({
    trainPath: datasetPath,
    validationPath: datasetPath,
    datasetHash: z.string().min(1),
    baseModel: z.string().min(1),
    suffix: z.string().max(40).optional(),
    /** The registry version created for this run before the job was queued. */
    version: z.string().min(1),
  }),
} as const;

export type TrainingJobName = keyof typeof trainingJobSchemas;
export type TrainingJobPayloads = {
  [N in TrainingJobName]: z.infer<(typeof trainingJobSchemas)[N]>;
};
export type TrainingQueue = Queue<TrainingJobPayloads[TrainingJobName], unknown, TrainingJobName>;

export function createTrainingQueue(options: {
  connection: ConnectionOptions;
  prefix?: string;
}): TrainingQueue {
  return new Queue<TrainingJobPayloads[TrainingJobName], unknown, TrainingJobName>(
    TRAINING_QUEUE_NAME,
    { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) },
  );
}

export function isTrainingJobName(name: string): name is TrainingJobName {
  return Object.hasOwn(trainingJobSchemas, name);
}

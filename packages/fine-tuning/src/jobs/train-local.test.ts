import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import {
  FIXTURE_PROFILE,
  GOOD_TRAIN,
  VALIDATION,
  writeChatJsonl,
} from '../evaluate/fixtures/brand-examples.ts';
import { RedisModelRegistry } from '../registry/model-registry.ts';
import type { TrainingProgress, TrainLocalResult } from './train-local.ts';
import { createTrainingWorker, type TrainingWorker } from './training-worker.ts';

describe('train-local through a real BullMQ worker', () => {
  const redis = useTestRedis();
  const prefix = `test-${randomUUID()}`;
  let connection: Redis;
  let dir: string;
  let registry: RedisModelRegistry;
  let training: TrainingWorker;
  let events: QueueEvents;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-train-local-'));
    connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    registry = new RedisModelRegistry({ redis: redis.redis, prefix: `${redis.prefix}models:` });
    training = createTrainingWorker({
      connection,
      prefix,
      registry,
      modelsDir: join(dir, 'models'),
      profile: FIXTURE_PROFILE,
    });
    events = new QueueEvents(training.queue.name, { connection: connection.duplicate(), prefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await events?.close();
    await training?.queue.obliterate({ force: true });
    await training?.close();
    await registry?.close();
    connection?.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains, saves the artifact, evaluates on the validation split and registers a candidate', async () => {
    const progress: TrainingProgress[] = [];
    events.on('progress', ({ data }) => progress.push(data as TrainingProgress));
    const job = await training.queue.add('train-local', {
      trainPath: await writeChatJsonl(dir, 'train.jsonl', GOOD_TRAIN),
      validationPath: await writeChatJsonl(dir, 'validation.jsonl', VALIDATION),
      datasetHash: 'abc123',
    });
    const result = (await job.waitUntilFinished(events)) as TrainLocalResult;

    expect(result.trainExamples).toBe(GOOD_TRAIN.length);
    expect(result.metrics).toMatchObject({ n: VALIDATION.length, placeholderLeakage: 0 });
    expect(result.metrics.rougeL).toBeGreaterThan(0.5);
    expect((await stat(result.artifact)).isFile()).toBe(true);
    const version = await registry.require(result.version);
    expect(version).toMatchObject({
      state: 'candidate',
      provider: 'local',
      modelId: result.artifact,
      datasetHash: 'abc123',
      metrics: result.metrics,
      jobId: job.id,
    });
    await expect.poll(() => progress.map((p) => p.stage)).toContain('done');
    expect(progress.map((p) => p.stage)).toContain('evaluating');
  });

  it('fails a job with an invalid payload or an empty split without retrying', async () => {
    const bad = await training.queue.add(
      'train-local',
      { trainPath: '', validationPath: 'x', datasetHash: 'h' },
      { attempts: 3 },
    );
    await expect(bad.waitUntilFinished(events)).rejects.toThrow(/payload failed validation/);
    const empty = await training.queue.add(
      'train-local',
      {
        trainPath: join(dir, 'missing.jsonl'),
        validationPath: join(dir, 'missing.jsonl'),
        datasetHash: 'h',
      },
      { attempts: 3 },
    );
    await expect(empty.waitUntilFinished(events)).rejects.toThrow(/DATA_INVALID/);
    expect((await training.queue.getJob(empty.id!))?.attemptsMade).toBe(1);
  });
});

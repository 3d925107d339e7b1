import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTrainingQueue,
  type FineTuneOpenAiResult,
  RedisModelRegistry,
  type TrainingQueue,
} from '@switchboard/fine-tuning';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeOpenAIFineTune } from '../support/fake-openai-finetune.ts';
import { useTestRedis } from '../support/test-redis.ts';
import { killHard, startWorkerProcess } from '../support/worker-process.ts';
import {
  API_KEY,
  BASE_MODEL,
  TRAIN_PATH,
  until,
  VALIDATION_PATH,
  waitForTrainingJob,
} from './fixtures/fine-tune/harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const workerScript = join(here, 'fixtures/fine-tune/crash-worker.ts');

describe('a training worker killed with SIGKILL while following a remote fine-tuning job', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;
  let connection: Redis;
  let queue: TrainingQueue;
  let registry: RedisModelRegistry;
  let modelsDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    queue = createTrainingQueue({ connection, prefix: `${prefix}bull` });
    registry = new RedisModelRegistry({ redis: testRedis.redis, prefix: `${prefix}models:` });
    modelsDir = await mkdtemp(join(tmpdir(), 'sb-fine-tune-crash-'));
  });

  afterAll(async () => {
    for (const child of children) await killHard(child);
    await queue.close();
    await registry.close();
    connection.disconnect();
    await rm(modelsDir, { recursive: true, force: true });
  });

  function start(serverUrl: string): Promise<ChildProcess> {
    const started = startWorkerProcess(workerScript, [
      inject('redisUrl'),
      prefix,
      serverUrl,
      modelsDir,
    ]);
    return started.then((proc) => {
      children.push(proc);
      return proc;
    });
  }

  it('resumes following the same job: one POST /v1/fine_tuning/jobs, one candidate', {
    timeout: 120_000,
  }, async () => {
    // Held: the remote job stays `running` until the first worker is dead.
    await using server = await startFakeOpenAIFineTune({ apiKey: API_KEY, hold: true });
    const { version } = await registry.create({
      provider: 'openai',
      modelId: '',
      datasetHash: 'fixture',
      baseModel: BASE_MODEL,
      state: 'training',
    });
    const job = await queue.add('fine-tune-openai', {
      trainPath: TRAIN_PATH,
      validationPath: VALIDATION_PATH,
      datasetHash: 'fixture',
      baseModel: BASE_MODEL,
      version,
    });

    const first = await start(server.url);
    const polls = () =>
      server.requests.filter(
        (r) => r.method === 'GET' && /^\/v1\/fine_tuning\/jobs\/[^/?]+$/.test(r.path),
      ).length;
    await until('the first worker to follow the running job', () =>
      [...server.jobs.values()].some((j) => j.status === 'running' && j.polls >= 3),
    );
    await killHard(first);
    const pollsBeforeRestart = polls();
    expect(server.jobCreations()).toBe(1);
    expect((await registry.require(version)).remoteJobId).toBe([...server.jobs.keys()][0]);

    server.release();
    const second = await start(server.url);
    const run = await waitForTrainingJob(queue, job.id ?? '', 90_000);
    await killHard(second);

    expect(run.failedReason).toBeUndefined();
    expect(run.state).toBe('completed');
    expect((run.returnvalue as FineTuneOpenAiResult).state).toBe('candidate');
    expect(polls()).toBeGreaterThan(pollsBeforeRestart); // the second worker did the following
    expect(server.jobCreations()).toBe(1);
    expect(server.files.size).toBe(2); // nor were the files uploaded again
    const registered = await registry.require(version);
    expect(registered.state).toBe('candidate');
    expect(registered.modelId).toBe([...server.jobs.values()][0]?.fine_tuned_model);
    expect(registered.metrics?.rougeL).toBeGreaterThan(0.95);
  });
});

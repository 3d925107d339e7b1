import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompanyProfile } from '@switchboard/core';
import {
  cancelTraining,
  type FineTuneOpenAiResult,
  processFineTuneOpenAi,
  RedisModelRegistry,
  type TrainingWorker,
} from '@switchboard/fine-tuning';
import { OpenAiFineTuner } from '@switchboard/providers';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type FakeFineTuneOptions,
  type FakeFineTuneServer,
  startFakeOpenAIFineTune,
} from '../support/fake-openai-finetune.ts';
import { useTestRedis } from '../support/test-redis.ts';
import {
  API_KEY,
  BASE_MODEL,
  loadProfile,
  runStateOf,
  startFineTuneWorker,
  TRAIN_PATH,
  until,
  VALIDATION_PATH,
  waitForTrainingJob,
} from './fixtures/fine-tune/harness.ts';

describe('fine-tune-openai: the real OpenAI SDK against a local fine-tuning server', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;
  let connection: Redis;
  let registry: RedisModelRegistry;
  let profile: CompanyProfile;
  let modelsDir: string;
  const open: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    registry = new RedisModelRegistry({ redis: testRedis.redis, prefix: `${prefix}models:` });
    profile = await loadProfile();
    modelsDir = await mkdtemp(join(tmpdir(), 'sb-fine-tune-'));
  });

  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
  });

  afterAll(async () => {
    await registry.close();
    connection.disconnect();
    await rm(modelsDir, { recursive: true, force: true });
  });

  async function setUp(options: FakeFineTuneOptions = {}) {
    const server = await startFakeOpenAIFineTune({ apiKey: API_KEY, ...options });
    open.push(server);
    const worker: TrainingWorker = startFineTuneWorker({
      connection,
      prefix,
      registry,
      serverUrl: server.url,
      modelsDir,
      profile,
    });
    open.push(worker);
    const version = await registry.create({
      provider: 'openai',
      modelId: '',
      datasetHash: 'fixture',
      baseModel: BASE_MODEL,
      state: 'training',
    });
    const job = await worker.queue.add('fine-tune-openai', {
      trainPath: TRAIN_PATH,
      validationPath: VALIDATION_PATH,
      datasetHash: 'fixture',
      baseModel: BASE_MODEL,
      suffix: 'nimbus',
      version: version.version,
    });
    return { server, worker, version: version.version, jobId: job.id ?? '' };
  }

  it('uploads the OpenAI export, follows the job and registers an evaluated candidate', async () => {
    const { server, worker, version, jobId } = await setUp({ pollsPerStep: 2 });
    const run = await waitForTrainingJob(worker.queue, jobId);
    expect(run.failedReason).toBeUndefined();
    const result = run.returnvalue as FineTuneOpenAiResult;

    const registered = await registry.require(version);
    expect(registered.state).toBe('candidate');
    expect(registered.provider).toBe('openai');
    expect(registered.modelId).toMatch(/^ft:gpt-4o-mini-2024-07-18:switchboard-test:nimbus:/);
    expect(registered.remoteJobId).toBe(result.remoteJobId);
    expect(registered.validationPath).toBe(VALIDATION_PATH);
    // The tuned model answers with the approved replies: the gate sees a faithful brand voice.
    expect(registered.metrics?.n).toBe(8);
    expect(registered.metrics?.rougeL).toBeGreaterThan(0.95);
    expect(registered.metrics?.placeholderLeakage).toBe(0);
    expect(registered.metrics?.refusalRate).toBe(0);
    expect(result.metrics).toEqual(registered.metrics);

    // The OpenAI export (system prompt included) went up, not the generic split.
    const uploaded = [...server.files.values()].map((f) => f.filename).sort();
    expect(uploaded).toEqual(['openai-train.jsonl', 'openai-validation.jsonl']);
    expect(server.jobCreations()).toBe(1);
    const created = server.requests.find(
      (r) => r.method === 'POST' && r.path === '/v1/fine_tuning/jobs',
    );
    expect(created?.body).toMatchObject({ model: BASE_MODEL, suffix: 'nimbus' });
    const chats = server.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats).toHaveLength(8);
    expect(chats[0]?.body).toMatchObject({ model: registered.modelId });

    const logs = await worker.queue.getJobLogs(jobId);
    expect(logs.logs.join('\n')).toContain('The job has successfully completed');
  });

  it('fails the version and the job with the remote error of a failed fine-tuning job', async () => {
    const { worker, version, jobId } = await setUp({
      outcome: {
        code: 'invalid_training_file',
        message: 'Training file has fewer than 10 examples',
      },
    });
    const run = await waitForTrainingJob(worker.queue, jobId);
    expect(run.state).toBe('failed');
    expect(run.failedReason).toContain('Training file has fewer than 10 examples');
    const registered = await registry.require(version);
    expect(registered.state).toBe('failed');
    expect(registered.error).toBe('Training file has fewer than 10 examples');
  });

  it('cancels a running job at the provider; the worker notices and stops', async () => {
    const { server, worker, version, jobId } = await setUp({ hold: true });
    await until('the remote job to run', () =>
      [...server.jobs.values()].some((job) => job.status === 'running'),
    );
    const provider = new OpenAiFineTuner({ apiKey: API_KEY, baseUrl: `${server.url}/v1` });
    const cancelled = await cancelTraining(
      { provider, registry, runs: runStateOf(testRedis.redis, prefix) },
      version,
    );
    expect(cancelled.state).toBe('failed');
    expect(cancelled.error).toBe('cancelled');

    const run = await waitForTrainingJob(worker.queue, jobId);
    expect(run.failedReason).toBeUndefined();
    expect(run.returnvalue).toMatchObject({ version, state: 'cancelled' });
    expect([...server.jobs.values()].map((job) => job.status)).toEqual(['cancelled']);
    expect(server.requests.some((r) => r.path.endsWith('/cancel'))).toBe(true);
  });

  it('after a crash between create and recording the id, finds the job instead of creating another', async () => {
    const server: FakeFineTuneServer = await startFakeOpenAIFineTune({ apiKey: API_KEY });
    open.push(server);
    const provider = new OpenAiFineTuner({ apiKey: API_KEY, baseUrl: `${server.url}/v1` });
    const runs = runStateOf(testRedis.redis, prefix);
    const { version } = await registry.create({
      provider: 'openai',
      modelId: '',
      datasetHash: 'fixture',
      state: 'training',
    });
    // What a worker killed inside `jobs.create` leaves behind: files and intent recorded, a remote
    // job tagged with the run, and no job id.
    const state = await runs.load(version);
    const { fileId } = await provider.uploadTrainingFile({
      filename: 'train.jsonl',
      content: '{}',
    });
    await provider.createJob({
      trainingFileId: fileId,
      baseModel: BASE_MODEL,
      metadata: { switchboard_run: state.runTag },
    });
    await runs.record(version, {
      trainFileId: fileId,
      validationFileId: fileId,
      createIntentAt: Date.now(),
    });

    const progress: unknown[] = [];
    const job = {
      id: 'resumed',
      data: {
        trainPath: TRAIN_PATH,
        validationPath: VALIDATION_PATH,
        datasetHash: 'fixture',
        baseModel: BASE_MODEL,
        version,
      },
      log: async () => 0,
      updateProgress: async (p: unknown) => {
        progress.push(p);
      },
    } as unknown as Job<Parameters<typeof processFineTuneOpenAi>[0]['data']>;
    const result = await processFineTuneOpenAi(job, {
      provider,
      registry,
      runs,
      evaluateOn: async () => ({
        n: 1,
        intentAccuracy: 1,
        rougeL: 1,
        placeholderLeakage: 0,
        refusalRate: 0,
      }),
      follow: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    expect(result.state).toBe('candidate');
    expect(server.jobCreations()).toBe(1);
    expect(server.requests.filter((r) => r.path.startsWith('/v1/fine_tuning/jobs?'))).toHaveLength(
      1,
    );
    expect((await registry.require(version)).remoteJobId).toBe([...server.jobs.keys()][0]);
    expect(progress.length).toBeGreaterThan(0);
  });
});

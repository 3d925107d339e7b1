import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/core';
import { RedisModelRegistry, type TrainingWorker } from '@switchboard/fine-tuning';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  API_KEY,
  FIXTURES,
  loadProfile,
  runStateOf,
  startFineTuneWorker,
} from '../../../../test/e2e/fixtures/fine-tune/harness.ts';
import {
  type FakeFineTuneServer,
  startFakeOpenAIFineTune,
} from '../../../../test/support/fake-openai-finetune.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import type { BrandCliContext } from './brand-context.ts';
import { registerModelCommand } from './brand-register.ts';
import {
  cancelTrainingCommand,
  type FineTuneCliDeps,
  trainOpenAiCommand,
} from './brand-train-openai.ts';

const DATASET = 'fixture-hash';

describe('switchboard brand train --openai / --cancel / models register (fake OpenAI, real Redis)', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;
  let connection: Redis;
  let registry: RedisModelRegistry;
  let dataDir: string;
  let server: FakeFineTuneServer;
  let worker: TrainingWorker;
  let out: string[];
  let err: string[];
  let context: BrandCliContext;
  let deps: FineTuneCliDeps;

  beforeAll(async () => {
    connection = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    registry = new RedisModelRegistry({ redis: testRedis.redis, prefix: `${prefix}models:` });
    dataDir = await mkdtemp(join(tmpdir(), 'sb-cli-fine-tune-'));
    const dir = join(dataDir, 'datasets', DATASET);
    await mkdir(dir, { recursive: true });
    for (const name of ['train', 'validation', 'openai-train', 'openai-validation']) {
      await copyFile(join(FIXTURES, `${name}.jsonl`), join(dir, `${name}.jsonl`));
    }
    await writeFile(
      join(dir, 'report.json'),
      JSON.stringify({ hash: DATASET, systemPrompt: 'You are Nimbus Home support.' }),
    );
  });

  afterEach(async () => {
    server?.release(); // a held job must end, or closing the worker waits for it
    await worker?.close();
    await server?.close();
  });

  afterAll(async () => {
    await registry.close();
    connection.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function setUp(options: Parameters<typeof startFakeOpenAIFineTune>[0] = {}) {
    server = await startFakeOpenAIFineTune({ apiKey: API_KEY, ...options });
    const profile = await loadProfile();
    worker = startFineTuneWorker({
      connection,
      prefix,
      registry,
      serverUrl: server.url,
      modelsDir: dataDir,
      profile,
    });
    out = [];
    err = [];
    context = {
      registry,
      queue: worker.queue,
      load: async () => {
        throw new Error('not used by these commands');
      },
      profile,
      dataDir,
      actor: 'cli:test',
      out: { write: (text: string) => out.push(text) },
      err: { write: (text: string) => err.push(text) },
      pollMs: 20,
    };
    const config = loadConfig({
      OPENAI_API_KEY: API_KEY,
      FINE_TUNE_BASE_URL: `${server.url}/v1`,
      SWITCHBOARD_DATA_DIR: dataDir,
    });
    deps = { config, runs: runStateOf(testRedis.redis, prefix) };
    return config;
  }

  it('--openai --wait registers a candidate and prints the remote events and metrics', async () => {
    await setUp();
    await trainOpenAiCommand(
      { positionals: [], values: { openai: true, wait: true, json: true, suffix: 'nimbus' } },
      context,
      deps,
    );
    const printed = JSON.parse(out.join('')) as Record<string, unknown>;
    expect(printed).toMatchObject({
      state: 'candidate',
      base_model: 'gpt-4o-mini-2024-07-18',
      placeholderLeakage: 0,
    });
    expect(printed.rougeL).toBeGreaterThan(0.95);
    expect(err.join('')).toContain('The job has successfully completed');
    const version = await registry.require(String(printed.version));
    expect(version).toMatchObject({
      state: 'candidate',
      datasetHash: DATASET,
      modelId: printed.modelId,
    });
  });

  it('--cancel stops a running fine-tune', async () => {
    await setUp({ hold: true });
    await trainOpenAiCommand(
      { positionals: [], values: { openai: true, json: true } },
      context,
      deps,
    );
    const { version } = JSON.parse(out.join('')) as { version: string };
    const deadline = Date.now() + 20_000;
    while (![...server.jobs.values()].some((job) => job.status === 'running')) {
      if (Date.now() > deadline) throw new Error('the remote job never ran');
      await new Promise((r) => setTimeout(r, 20));
    }
    out.length = 0;
    await cancelTrainingCommand(
      { positionals: [], values: { cancel: version, json: true } },
      context,
      deps,
    );
    expect(JSON.parse(out.join(''))).toMatchObject({
      version,
      state: 'failed',
      error: 'cancelled',
    });
    expect([...server.jobs.values()][0]?.status).toBe('cancelled');
  });

  it('models register scores a served model, and fails (not falls back) when it cannot be reached', async () => {
    const config = await setUp();
    // A model the fake server serves: the result of a fine-tune run.
    await trainOpenAiCommand(
      { positionals: [], values: { openai: true, wait: true, json: true } },
      context,
      deps,
    );
    const tuned = String((JSON.parse(out.join('')) as { modelId: string }).modelId);
    out.length = 0;
    const values = {
      provider: 'openai-compatible',
      model: tuned,
      'base-url': `${server.url}/v1`,
      json: true,
    };
    await registerModelCommand({ positionals: ['register'], values }, context, config);
    const printed = JSON.parse(out.join('')) as Record<string, unknown>;
    expect(printed).toMatchObject({
      state: 'candidate',
      provider: 'openai-compatible',
      model: tuned,
      placeholderLeakage: 0,
    });
    expect(printed.rougeL).toBeGreaterThan(0.95);
    expect((await registry.require(String(printed.version))).baseUrl).toBe(`${server.url}/v1`);

    const missing = { ...values, model: 'no-such-adapter' };
    const error = await registerModelCommand(
      { positionals: ['register'], values: missing },
      context,
      config,
    ).catch((e: unknown) => e);
    expect(isSwitchboardError(error) && error.code).toBe('PROVIDER_FAILED');
    expect((error as Error).message).toMatch(/does not exist/);
    const failed = (await registry.list()).at(-1);
    expect(failed).toMatchObject({ modelId: 'no-such-adapter', state: 'failed' });
  });
});

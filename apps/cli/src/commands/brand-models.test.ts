import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrandExample } from '@switchboard/brand-voice';
import {
  createTrainingWorker,
  loadLocalVersion,
  RedisModelRegistry,
  type TrainingWorker,
  versionEvaluator,
} from '@switchboard/fine-tuning';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  FIXTURE_PROFILE,
  GOOD_TRAIN,
  SCRAMBLED_TRAIN,
  VALIDATION,
  writeChatJsonl,
} from '../../../../packages/fine-tuning/src/evaluate/fixtures/brand-examples.ts';
import type { BrandCliContext } from './brand-context.ts';
import { brandEvalCommand } from './brand-eval.ts';
import { brandModelsCommand } from './brand-models.ts';
import { brandTrainCommand } from './brand-train.ts';

describe('switchboard brand train --local / models / eval (real Redis, real worker)', () => {
  const prefix = `test-${randomUUID()}`;
  let redis: Redis;
  let dir: string;
  let training: TrainingWorker;
  let context: BrandCliContext;
  let out: string[];

  const run = async (command: typeof brandModelsCommand, ...words: string[]) => {
    out = [];
    const values: Record<string, string | boolean> = { json: true };
    const positionals = words.filter((w) => !w.startsWith('--'));
    for (const flag of words.filter((w) => w.startsWith('--'))) values[flag.slice(2)] = true;
    await command({ positionals, values }, context);
    return JSON.parse(out.join('')) as Record<string, unknown>;
  };

  async function dataset(name: string, train: BrandExample[]): Promise<string> {
    const path = join(dir, 'datasets', name);
    await mkdir(path, { recursive: true });
    await writeChatJsonl(path, 'train.jsonl', train);
    await writeChatJsonl(path, 'validation.jsonl', VALIDATION);
    return path;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-cli-brand-'));
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const load = (v: Parameters<typeof loadLocalVersion>[0]) =>
      loadLocalVersion(v, FIXTURE_PROFILE);
    const registry = new RedisModelRegistry({
      redis,
      prefix: `${prefix}:models:`,
      evaluateOn: versionEvaluator({ load, profile: FIXTURE_PROFILE }),
    });
    training = createTrainingWorker({
      connection: redis,
      prefix: `${prefix}:bull`,
      registry,
      modelsDir: join(dir, 'models'),
      profile: FIXTURE_PROFILE,
    });
    context = {
      registry,
      queue: training.queue,
      load,
      profile: FIXTURE_PROFILE,
      dataDir: dir,
      actor: 'cli:test',
      out: { write: (text: string) => out.push(text) },
      err: { write: () => true },
      pollMs: 50,
    };
  });

  afterAll(async () => {
    await training?.queue.obliterate({ force: true });
    await training?.close();
    await context?.registry.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains candidates, promotes through the gate, refuses a worse one, rolls back', async () => {
    await dataset('worse', SCRAMBLED_TRAIN);
    const worse = await run(brandTrainCommand, '--local', '--wait');
    expect(worse).toMatchObject({ version: 'v1', metrics: { n: VALIDATION.length } });
    await run(brandModelsCommand, 'promote', 'v1');

    // The newest built dataset is the default.
    await dataset('good', GOOD_TRAIN);
    const good = await run(brandTrainCommand, '--local', '--wait');
    expect(good).toMatchObject({ version: 'v2' });
    const promoted = await run(brandModelsCommand, 'promote', 'v2');
    expect(promoted).toMatchObject({ previous: 'v1', forced: false });

    await dataset('worse-again', SCRAMBLED_TRAIN);
    await run(brandTrainCommand, '--local', '--wait');
    await expect(run(brandModelsCommand, 'promote', 'v3')).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    await run(brandModelsCommand, 'promote', 'v3', '--force');
    await run(brandModelsCommand, 'rollback', 'v2');
    out = [];
    await brandModelsCommand({ positionals: ['list'], values: { json: true } }, context);
    const states = (JSON.parse(out.join('')) as Array<{ version: string; state: string }>).map(
      (v) => `${v.version}:${v.state}`,
    );
    expect(states).toEqual(['v1:retired', 'v2:active', 'v3:retired']);

    const evaluated = await run(brandEvalCommand, 'v2');
    expect(evaluated).toMatchObject({ version: 'v2', examples: VALIDATION.length });
    expect(evaluated.rouge_l).toBe((good.metrics as { rougeL: number }).rougeL);
  });

  it('brand eval of a version without a recorded split says how to give one (one line)', async () => {
    const base = await context.registry.create({
      provider: 'local',
      modelId: join(dir, 'models', 'base.json'),
      datasetHash: 'sample-data-hash',
      base: true,
    });
    const error = await brandEvalCommand(
      { positionals: [base.version], values: { json: true } },
      context,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${base.version} has no validation split at .*sample-data-hash.*: pass --dataset DIR`,
      ),
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('names the missing dataset instead of queueing a job that cannot run', async () => {
    await expect(
      brandTrainCommand(
        { positionals: [], values: { local: true, dataset: join(dir, 'nowhere') } },
        context,
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

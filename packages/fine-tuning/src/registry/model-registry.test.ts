import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrandExample, saveArtifact, trainBrandVoice } from '@switchboard/brand-voice';
import type { BrandVoiceModel } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { evaluateBrandModel } from '../evaluate/evaluate-brand-model.ts';
import { loadLocalVersion, versionEvaluator } from '../evaluate/evaluate-version.ts';
import {
  FIXTURE_PROFILE,
  GOOD_TRAIN,
  replyOf,
  SCRAMBLED_TRAIN,
  VALIDATION,
  writeChatJsonl,
} from '../evaluate/fixtures/brand-examples.ts';
import { SwitchableBrandVoice } from '../switchable-brand-voice.ts';
import { RedisModelRegistry } from './model-registry.ts';
import type { RegisteredVersion } from './registry-types.ts';

async function reply(model: BrandVoiceModel, text: string): Promise<string> {
  let out = '';
  for await (const piece of model.respond({ text, intent: model.classify(text), history: [] }))
    out += piece;
  return out;
}

const load = (version: RegisteredVersion) => loadLocalVersion(version, FIXTURE_PROFILE);
const FILLED_RESET = replyOf('reset_password').replace('{{Website URL}}', 'https://shop.example');

describe('RedisModelRegistry with the evaluation gate (two local models)', () => {
  const redis = useTestRedis();
  let dir: string;
  let validationPath: string;
  let registry: RedisModelRegistry;
  const registries: RedisModelRegistry[] = [];

  const open = () => {
    const opened = new RedisModelRegistry({
      redis: redis.redis,
      prefix: `${redis.prefix}models:`,
      evaluateOn: versionEvaluator({ load, profile: FIXTURE_PROFILE }),
    });
    registries.push(opened);
    return opened;
  };

  /** Trains on `rows`, saves the artifact, scores it on the validation split. */
  async function trainModel(name: string, rows: BrandExample[]) {
    const path = join(dir, `${name}.json`);
    await saveArtifact(path, trainBrandVoice(rows));
    const version = { provider: 'local', modelId: path } as RegisteredVersion;
    const metrics = await evaluateBrandModel(await load(version), VALIDATION, {
      profile: FIXTURE_PROFILE,
    });
    return { modelId: path, metrics };
  }

  async function registerCandidate(name: string, rows: BrandExample[]) {
    const trained = await trainModel(name, rows);
    return registry.create({
      provider: 'local',
      datasetHash: name,
      validationPath,
      ...trained,
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-registry-'));
    validationPath = await writeChatJsonl(dir, 'validation.jsonl', VALIDATION);
    registry = open();
  });

  afterAll(async () => {
    for (const r of registries) await r.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('scores the right replies above the rotated ones', async () => {
    const good = await trainModel('good-check', GOOD_TRAIN);
    const worse = await trainModel('worse-check', SCRAMBLED_TRAIN);
    expect(good.metrics.rougeL).toBeGreaterThan(worse.metrics.rougeL);
    expect(good.metrics.placeholderLeakage).toBe(0);
  });

  it('bootstraps the base model as v1 active, once', async () => {
    const base = await trainModel('base', SCRAMBLED_TRAIN);
    const first = await registry.ensureBase({
      provider: 'local',
      modelId: base.modelId,
      datasetHash: 'base',
    });
    expect(first).toMatchObject({ created: true, active: { version: 'v1', state: 'active' } });
    const again = await open().ensureBase({
      provider: 'local',
      modelId: base.modelId,
      datasetHash: 'base',
    });
    expect(again).toMatchObject({ created: false, active: { version: 'v1' } });
  });

  it('accepts a better candidate, refuses a worse one, and rollback restores the replies', async () => {
    const voice = new SwitchableBrandVoice({
      registry: open(),
      load,
      initial: { version: 'v1', model: await load(await registry.require('v1')) },
      checkIntervalMs: 0,
    });
    await voice.start();
    const before = await reply(voice, 'forgot password');
    expect(before).not.toBe(FILLED_RESET);

    const better = await registerCandidate('good', GOOD_TRAIN);
    const promoted = await registry.promote(better.version, { by: 'test' });
    expect(promoted).toMatchObject({ previous: 'v1', forced: false, reasons: [] });
    expect(promoted.compared?.rougeL).toBeLessThan(better.metrics!.rougeL);
    expect((await registry.active())?.version).toBe(better.version);
    expect((await registry.require('v1')).state).toBe('retired');
    // The pub/sub message reaches the switchable model, which now answers with the new replies.
    await expect.poll(() => reply(voice, 'forgot password')).toBe(FILLED_RESET);

    const worse = await registerCandidate('worse', SCRAMBLED_TRAIN);
    const refused = registry.promote(worse.version, { by: 'test' });
    await expect(refused).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reasons: expect.arrayContaining([expect.stringMatching(/ROUGE-L/)]) },
    });
    expect((await registry.require(worse.version)).state).toBe('rejected');
    expect((await registry.active())?.version).toBe(better.version);

    const forced = await registry.promote(worse.version, { force: true, by: 'ops' });
    expect(forced.forced).toBe(true);
    expect(forced.reasons.length).toBeGreaterThan(0);
    const history = (await registry.require(worse.version)).history ?? [];
    expect(history.at(-1)?.event).toMatch(/^forced promotion by ops \(gate would refuse/);
    await expect.poll(() => reply(voice, 'forgot password')).not.toBe(FILLED_RESET);

    await registry.rollback(better.version, { by: 'ops' });
    expect((await registry.require(worse.version)).state).toBe('retired');
    await expect.poll(() => reply(voice, 'forgot password')).toBe(FILLED_RESET);
    await voice.close();
  });

  it('refuses to roll forward or to a version that cannot serve', async () => {
    const active = (await registry.active())!;
    const later = await registry.create({ provider: 'local', modelId: 'x', datasetHash: 'x' });
    await expect(registry.rollback(later.version)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(registry.rollback(active.version)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(registry.rollback('v999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const training = await registry.create({
      provider: 'openai',
      modelId: '',
      datasetHash: 'x',
      state: 'training',
    });
    await expect(registry.promote(training.version)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('follows a changed data file while a base version is active, not after a promotion', async () => {
    const fresh = new RedisModelRegistry({ redis: redis.redis, prefix: `${redis.prefix}base:` });
    registries.push(fresh);
    const base = { provider: 'local', datasetHash: 'd' } as const;
    await fresh.ensureBase({ ...base, modelId: 'a.json' });
    const changed = await fresh.ensureBase({ ...base, modelId: 'b.json' });
    expect(changed).toMatchObject({ created: true, active: { version: 'v2', base: true } });
    expect((await fresh.require('v1')).state).toBe('retired');
    const trained = await fresh.create({ provider: 'local', modelId: 'c.json', datasetHash: 'x' });
    await fresh.promote(trained.version, { force: true, by: 'test' });
    const kept = await fresh.ensureBase({ ...base, modelId: 'd.json' });
    expect(kept).toMatchObject({ created: false, active: { version: trained.version } });
  });

  it('numbers concurrent creates from two registries with distinct versions', async () => {
    const [a, b] = [open(), open()];
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).create({ provider: 'local', modelId: `m${i}`, datasetHash: 'h' }),
      ),
    );
    const names = created.map((v) => v.version);
    expect(new Set(names).size).toBe(10);
    const listed = (await registry.list()).map((v) => v.version);
    expect(listed).toEqual(expect.arrayContaining(names));
  });

  it('records updates with an event in the history and finds a version by its job', async () => {
    const v = await registry.create({
      provider: 'openai',
      modelId: '',
      datasetHash: 'h',
      state: 'training',
      jobId: 'job-42',
    });
    await registry.update(v.version, { remoteJobId: 'ftjob-1' }, 'remote job created');
    const found = await registry.findByJob('job-42');
    expect(found).toMatchObject({ version: v.version, remoteJobId: 'ftjob-1' });
    expect(found?.history?.map((h) => h.event)).toEqual(['created', 'remote job created']);
  });
});

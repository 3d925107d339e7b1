import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@switchboard/config';
import type { RegisteredVersion } from '@switchboard/fine-tuning';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { runtimeEnv } from '../support/runtime-env.ts';

const fixture = fileURLToPath(new URL('./fixtures/brand-flow/', import.meta.url));

/**
 * Issue 13: the base model is trained on the train part of the seeded split `brand dataset
 * build` makes, so on fresh data `brand eval v1` works and a candidate trained on that dataset
 * is judged against v1 on examples neither saw. A real runtime (its in-process training worker)
 * on a small fixture, and the real `switchboard brand …` processes against the same Redis.
 */
describe('brand model flow from a fresh start (CLI processes, real runtime)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let runtime: Runtime;

  const cli = (...argv: string[]) => runCli(argv, env, 120_000);
  async function versions(): Promise<RegisteredVersion[]> {
    const run = await cli('brand', 'models', 'list', '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as RegisteredVersion[];
  }
  async function version(name: string): Promise<RegisteredVersion> {
    const found = (await versions()).find((v) => v.version === name);
    if (!found) throw new Error(`no ${name} in the registry`);
    return found;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sb-brand-flow-'));
    env = runtimeEnv(dataDir, {
      SWITCHBOARD_BRAND_DATA: join(fixture, 'brand-voice.jsonl'),
      SWITCHBOARD_KNOWLEDGE_PATH: join(fixture, 'help-centre'),
      SWITCHBOARD_COMPANY_PROFILE: join(fixture, 'company.json'),
    });
    runtime = await openRuntime(loadConfig(env));
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('registers the start-up model as v1 with the split it was trained on', async () => {
    const v1 = await version('v1');
    expect(v1).toMatchObject({ state: 'active', provider: 'local', base: true });
    const dir = join(dataDir, 'datasets', v1.datasetHash);
    expect(v1.trainPath).toBe(join(dir, 'train.jsonl'));
    expect(v1.validationPath).toBe(join(dir, 'validation.jsonl'));
    // Every intent of the fixture holds one of its eight examples out; v1 saw the other 35.
    const lines = async (path: string) =>
      (await readFile(path, 'utf8')).split('\n').filter(Boolean).length;
    expect(await lines(v1.trainPath!)).toBe(35);
    expect(await lines(v1.validationPath!)).toBe(5);
    const train = await readFile(v1.trainPath!, 'utf8');
    for (const line of (await readFile(v1.validationPath!, 'utf8')).split('\n').filter(Boolean))
      expect(train).not.toContain(line);
    // Scored on its own validation split in the background, for `brand models list`.
    await expect.poll(async () => (await version('v1')).metrics?.n, { timeout: 20_000 }).toBe(5);
  });

  it('brand eval v1 scores it on that split', async () => {
    const run = await cli('brand', 'eval', 'v1', '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, string | number>;
    expect(result).toMatchObject({
      version: 'v1',
      validation_split: (await version('v1')).validationPath,
      examples: 5,
      placeholder_leakage: 0,
    });
    expect(result.intent_accuracy).toBeGreaterThan(0.5);
    expect(result.intent_accuracy).toBeLessThanOrEqual(1);
    expect(result.rouge_l).toBeGreaterThan(0);

    const text = await cli('brand', 'eval', 'v1');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^intent_accuracy +\d/m);
  });

  it('brand dataset build with the default seed makes the same dataset as v1', async () => {
    const run = await cli('brand', 'dataset', 'build', '--json');
    expect(run.code, run.stderr).toBe(0);
    const built = JSON.parse(run.stdout) as { hash: string; paths: { validation: string } };
    const v1 = await version('v1');
    expect(built.hash).toBe(v1.datasetHash);
    expect(built.paths.validation).toBe(v1.validationPath);
  });

  it('a v2 trained on that dataset is judged on the same split and promoted', async () => {
    const trained = await cli('brand', 'train', '--local', '--wait', '--json');
    expect(trained.code, trained.stderr).toBe(0);
    const result = JSON.parse(trained.stdout) as { version: string; trainExamples: number };
    expect(result).toMatchObject({ version: 'v2', trainExamples: 35 });
    const v2 = await version('v2');
    expect(v2.validationPath).toBe((await version('v1')).validationPath);

    const promoted = await cli('brand', 'models', 'promote', 'v2');
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toMatch(/^v2 is active \(was v1\)\n/);
    // Both on the same five held-out examples, and v2 is not worse than v1 on them.
    expect(promoted.stdout).toMatch(/candidate .*\(n=5\)/);
    expect(promoted.stdout).toMatch(/previous .*\(n=5\)/);
    expect(await version('v2')).toMatchObject({ state: 'active' });
    expect(await version('v1')).toMatchObject({ state: 'retired' });
  });

  it('refuses a candidate that is truly worse, saying why', async () => {
    // The same validation split; a train split whose every reply is a refusal.
    const v2 = await version('v2');
    const dir = join(dataDir, 'datasets', 'worse');
    await mkdir(dir, { recursive: true });
    const refusal = "Sorry, I can't help with that.";
    const train = (await readFile(v2.trainPath!, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const row = JSON.parse(line) as { messages: Array<{ role: string; content: string }> };
        row.messages = row.messages.map((m) =>
          m.role === 'assistant' ? { ...m, content: refusal } : m,
        );
        return JSON.stringify(row);
      });
    await writeFile(join(dir, 'train.jsonl'), `${train.join('\n')}\n`);
    await writeFile(join(dir, 'validation.jsonl'), await readFile(v2.validationPath!, 'utf8'));

    const trained = await cli('brand', 'train', '--local', '--dataset', dir, '--wait', '--json');
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ version: 'v3' });

    const refused = await cli('brand', 'models', 'promote', 'v3');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    // One line says why (the CLI's JSON log may also carry the `brand.model.gate_refused` event).
    const said = refused.stderr.split('\n').filter((line) => line.startsWith('switchboard:'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^switchboard: v3 did not pass the gate: .*ROUGE-L .* below/);
    expect(said[0]).toMatch(/refusal rate 100\.0% is above/);
    expect(await version('v3')).toMatchObject({ state: 'rejected' });
    expect(await version('v2')).toMatchObject({ state: 'active' });
  });
});

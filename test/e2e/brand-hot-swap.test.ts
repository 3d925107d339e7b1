import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import type { Reply } from '@switchboard/core';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';

/** The reply every reset_password line gets in the candidate's dataset. */
const NEW_REPLY =
  'Hot-swap reply: open Settings, then Security, and choose Reset password in the {{Company Name}} app.';

/**
 * Promotion and rollback reach a running server without a restart: a real runtime on the sample
 * data, a candidate trained by the in-process training worker on the same questions with other
 * reset_password replies, promoted through the gate, then rolled back.
 */
describe('brand-voice hot swap through the model registry', () => {
  let runtime: Runtime;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-hot-swap-'));
    runtime = await openRuntime(loadConfig(runtimeEnv(dataDir)));
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ask = (text: string): Promise<Reply> =>
    runtime.assistant.reply({ conversationId: crypto.randomUUID(), text, channel: 'api' });

  /** The sample dataset with every reset_password reply replaced; answers the split paths. */
  async function writeCandidateDataset(): Promise<{ train: string; validation: string }> {
    const sample = await readFile(
      new URL('../../data/sample/brand-voice.jsonl', import.meta.url),
      'utf8',
    );
    const lines = sample
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const row = JSON.parse(line) as {
          messages: Array<{ role: string; content: string }>;
          intent: string;
        };
        if (row.intent !== 'reset_password') return row;
        return {
          ...row,
          messages: row.messages.map((m) =>
            m.role === 'assistant' ? { ...m, content: NEW_REPLY } : m,
          ),
        };
      });
    const dir = join(dataDir, 'datasets', 'hot-swap');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const train = join(dir, 'train.jsonl');
    const validation = join(dir, 'validation.jsonl');
    await writeFile(train, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const held = lines.filter((l, i) => l.intent === 'reset_password' || i % 9 === 0);
    await writeFile(validation, `${held.map((l) => JSON.stringify(l)).join('\n')}\n`);
    return { train, validation };
  }

  it('registers the start-up model as v1, active', async () => {
    const active = await runtime.brand.registry.active();
    expect(active).toMatchObject({ version: 'v1', state: 'active', provider: 'local', base: true });
    expect(runtime.brandVoice.version).toBe('v1');
  });

  it('answers from a promoted candidate without a restart, and from v1 again after rollback', async () => {
    const question = 'I forgot my password and cannot log in';
    const before = await ask(question);
    expect(before.route).toBe('brand');
    expect(before.text).not.toContain('Hot-swap reply');

    const split = await writeCandidateDataset();
    const job = await runtime.brand.training.add('train-local', {
      trainPath: split.train,
      validationPath: split.validation,
      datasetHash: 'hot-swap',
    });
    await expect
      .poll(async () => (await runtime.brand.registry.findByJob(job.id!))?.state, {
        timeout: 60_000,
        interval: 200,
      })
      .toBe('candidate');
    const candidate = (await runtime.brand.registry.findByJob(job.id!))!;

    const promotion = await runtime.brand.registry.promote(candidate.version, { by: 'test' });
    expect(promotion.forced).toBe(false);
    await expect
      .poll(async () => (await ask(question)).text, { timeout: 10_000 })
      .toBe(NEW_REPLY.replace('{{Company Name}}', 'Nimbus Home'));
    expect(runtime.brandVoice.version).toBe(candidate.version);

    await runtime.brand.registry.rollback('v1', { by: 'test' });
    await expect
      .poll(async () => (await ask(question)).text, { timeout: 10_000 })
      .toBe(before.text);
    expect(runtime.brandVoice.version).toBe('v1');
    expect((await runtime.brand.registry.require(candidate.version)).state).toBe('retired');
  });
});

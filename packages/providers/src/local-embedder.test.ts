import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCAL_EMBEDDINGS_DIR } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbedder } from './embedder.ts';
import { LOCAL_EMBEDDING_MODEL_FILES, LocalEmbedder } from './local-embedder.ts';
import {
  installedTransformers,
  TRANSFORMERS_PACKAGE,
  TRANSFORMERS_VERSION,
  type TransformersSource,
} from './transformers-package.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Built by scripts/embedding-model/fetch-minilm.sh; the model tests skip without it (and without
// the optional @huggingface/transformers package).
const modelDir =
  process.env.SWITCHBOARD_TEST_EMBEDDING_MODEL ?? join(root, DEFAULT_LOCAL_EMBEDDINGS_DIR);
const haveModel = existsSync(join(modelDir, 'onnx', 'model.onnx'));
// An optional dependency: `npm ci` installs it, `npm ci --omit=dev` does not.
const havePackage = installedTransformers.installed();

/** A directory holding every model file the embedder checks for, with placeholder contents. */
async function placeholderModel(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-placeholder-model-'));
  await mkdir(join(dir, 'onnx'));
  for (const f of LOCAL_EMBEDDING_MODEL_FILES) await writeFile(join(dir, f), '{}');
  return dir;
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('LocalEmbedder without a model', () => {
  it('is what EMBEDDINGS_PROVIDER=local creates, and refuses a directory without a model', () => {
    expect(() =>
      createEmbedder({ provider: 'local', model: join(tmpdir(), 'no-such-model') }),
    ).toThrow(/model/i);
  });

  it('fails with a typed error naming what is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-no-model-'));
    try {
      await writeFile(join(dir, 'config.json'), '{}');
      let caught: unknown;
      try {
        new LocalEmbedder({ directory: dir });
      } catch (err) {
        caught = err;
      }
      expect(isSwitchboardError(caught)).toBe(true);
      if (!isSwitchboardError(caught)) return;
      expect(caught.code).toBe('CONFIG_INVALID');
      expect(caught.details?.missing).toEqual([
        'tokenizer.json',
        'tokenizer_config.json',
        'onnx/model.onnx',
      ]);
      expect(() => new LocalEmbedder({ directory: join(dir, 'absent') })).toThrow(
        /Local embedding model not found/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!havePackage)(
    'fails with a typed error when the files are there but unreadable',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'switchboard-bad-model-'));
      try {
        await mkdir(join(dir, 'onnx'));
        for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
          await writeFile(join(dir, f), '{}');
        await writeFile(join(dir, 'onnx', 'model.onnx'), 'not a model');
        const embedder = new LocalEmbedder({ directory: dir });
        await expect(embedder.embedQuery('hello')).rejects.toMatchObject({
          code: 'CONFIG_INVALID',
          message: expect.stringContaining('could not be loaded'),
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('LocalEmbedder without Transformers.js', () => {
  const absent: TransformersSource = {
    installed: () => false,
    load: () => Promise.reject(new Error('load() must not be called when the package is absent')),
  };

  it('refuses to start, naming the package and the command that installs it', async () => {
    const dir = await placeholderModel();
    try {
      let caught: unknown;
      try {
        new LocalEmbedder({ directory: dir, transformers: absent });
      } catch (err) {
        caught = err;
      }
      expect(isSwitchboardError(caught)).toBe(true);
      if (!isSwitchboardError(caught)) return;
      expect(caught.code).toBe('CONFIG_INVALID');
      expect(caught.message).toContain(
        `npm install --omit=dev --no-save ${TRANSFORMERS_PACKAGE}@${TRANSFORMERS_VERSION}`,
      );
      expect(caught.details).toEqual({
        package: TRANSFORMERS_PACKAGE,
        version: TRANSFORMERS_VERSION,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(havePackage)('is what EMBEDDINGS_PROVIDER=local gives on this install', async () => {
    const dir = await placeholderModel();
    try {
      expect(() => createEmbedder({ provider: 'local', model: dir })).toThrow(TRANSFORMERS_PACKAGE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the version package.json declares (optional peer, and dev dependency for the tests)', () => {
    const manifest = JSON.parse(
      readFileSync(join(root, 'packages/providers/package.json'), 'utf8'),
    );
    expect(manifest.dependencies?.[TRANSFORMERS_PACKAGE]).toBeUndefined();
    expect(manifest.peerDependencies[TRANSFORMERS_PACKAGE]).toBe(TRANSFORMERS_VERSION);
    expect(manifest.peerDependenciesMeta[TRANSFORMERS_PACKAGE]).toEqual({ optional: true });
    expect(manifest.devDependencies[TRANSFORMERS_PACKAGE]).toBe(TRANSFORMERS_VERSION);
  });
});

describe.skipIf(!haveModel || !havePackage)(`LocalEmbedder on ${modelDir}`, () => {
  const embedder =
    haveModel && havePackage ? new LocalEmbedder({ directory: modelDir }) : undefined;
  afterAll(() => embedder?.close());

  it('is named after its directory and yields unit vectors of 384 dimensions', async () => {
    expect(embedder!.id).toBe(`local:${modelDir.split(/[\\/]/).at(-1)}`);
    const v = await embedder!.embedQuery('How do I reset my password?');
    expect(v).toHaveLength(384);
    expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
  });

  it('puts paraphrases closer than unrelated sentences', async () => {
    const [q, para, other] = await embedder!.embedDocuments([
      'How do I reset my password?',
      'I forgot my login password and need a new one.',
      'Our warehouse ships furniture on weekdays.',
    ]);
    expect(dot(q!, para!)).toBeGreaterThan(dot(q!, other!) + 0.3);
  });

  it('gives the same vector in a padded batch as alone, in input order', async () => {
    // Lengths differ so the batch is padded and reordered by length internally.
    const texts = [
      'A fairly long sentence about refunds, returns, exchanges and the shipping of parcels abroad.',
      'ok',
      'Where is my order?',
    ];
    const batch = await embedder!.embedDocuments(texts);
    for (const [i, text] of texts.entries()) {
      const alone = await embedder!.embedQuery(text);
      const diff = Math.max(...alone.map((v, d) => Math.abs(v - batch[i]![d]!)));
      expect(diff).toBeLessThan(1e-5);
    }
  });

  it('embeds more texts than one batch, and none', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `question number ${i} about billing`);
    const vectors = await embedder!.embedDocuments(texts);
    expect(vectors).toHaveLength(40);
    expect(dot(vectors[7]!, await embedder!.embedQuery(texts[7]!))).toBeCloseTo(1, 5);
    expect(await embedder!.embedDocuments([])).toEqual([]);
  });

  it('truncates long texts instead of failing', async () => {
    const v = await embedder!.embedQuery('refund '.repeat(2000));
    expect(v).toHaveLength(384);
  });
});

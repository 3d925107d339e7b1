import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import type { Embedder } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import { describeProviderError } from './provider-error.ts';
import {
  installedTransformers,
  TRANSFORMERS_PACKAGE,
  TRANSFORMERS_VERSION,
  type TransformersSource,
} from './transformers-package.ts';

/** What Transformers.js reads from the model directory (fp32 weights, CPU). */
export const LOCAL_EMBEDDING_MODEL_FILES: readonly string[] = Object.freeze([
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
]);

export interface LocalEmbedderOptions {
  /** Directory holding the files of `LOCAL_EMBEDDING_MODEL_FILES`. */
  directory: string;
  /**
   * Transformers.js's file cache; it is never used to load (see `load`), this only keeps it out
   * of node_modules. @defaultValue a directory under the OS temp dir
   */
  cacheDir?: string;
  /**
   * Texts per forward pass. Small on purpose: on CPU a batch saves no time (padding and the
   * quadratic attention cost more), and peak memory grows with it. Measured on 2 cores over 418
   * chunks of ~180 tokens: 4 → 7.6 s and 564 MB peak RSS; 32 → 14.0 s and 944 MB.
   * @defaultValue 4
   */
  batchSize?: number;
  /** Tokens per text, special tokens included; longer texts are truncated. @defaultValue 256 */
  maxTokens?: number;
  /** Where Transformers.js comes from. @defaultValue the package in node_modules, if installed */
  transformers?: TransformersSource;
}

interface Loaded {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  Tensor: typeof Tensor;
}

/** What the BERT tokenizer returns for a batch with `return_tensor: false`. */
interface Encoded {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids?: number[][];
}

/**
 * Transformers.js reads its settings from one process-wide `env`, at several points while a
 * model loads; loads are queued so two embedders with different directories cannot interleave.
 */
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * A dense `Embedder` running a sentence-transformers model (all-MiniLM-L6-v2 by default) in
 * process through Transformers.js and onnxruntime-node (CPU). Loads only from `directory`, never
 * from the network: vectors are the mean of the last hidden states over real tokens, L2-normalised,
 * as sentence-transformers computes them. The model loads on first use (or `load()`).
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly directory: string;
  readonly #cacheDir: string;
  readonly #batchSize: number;
  readonly #maxTokens: number;
  readonly #transformers: TransformersSource;
  #loading: Promise<Loaded> | undefined;

  /**
   * @throws SwitchboardError CONFIG_INVALID when the directory or one of its files is missing, or
   * when Transformers.js (an optional dependency) is not installed.
   */
  constructor(options: LocalEmbedderOptions) {
    this.directory = resolve(options.directory);
    const missing = LOCAL_EMBEDDING_MODEL_FILES.filter((f) => !existsSync(join(this.directory, f)));
    if (missing.length > 0) {
      throw new SwitchboardError(
        'CONFIG_INVALID',
        `Local embedding model not found in ${this.directory}: missing ${missing.join(', ')}. ` +
          'Build it with scripts/embedding-model/fetch-minilm.sh.',
        { details: { directory: this.directory, missing } },
      );
    }
    this.#transformers = options.transformers ?? installedTransformers;
    if (!this.#transformers.installed()) {
      throw new SwitchboardError(
        'CONFIG_INVALID',
        `EMBEDDINGS_PROVIDER=local needs ${TRANSFORMERS_PACKAGE}, an optional dependency that is not ` +
          `installed: run \`npm install --omit=dev --no-save ${TRANSFORMERS_PACKAGE}@${TRANSFORMERS_VERSION}\`` +
          ' (about 330 MB with ONNX Runtime), or set EMBEDDINGS_PROVIDER=none for lexical retrieval.',
        { details: { package: TRANSFORMERS_PACKAGE, version: TRANSFORMERS_VERSION } },
      );
    }
    this.id = `local:${basename(this.directory)}`;
    this.#cacheDir = options.cacheDir ?? join(tmpdir(), 'switchboard-transformers-cache');
    this.#batchSize = positiveInteger('batchSize', options.batchSize ?? 4);
    this.#maxTokens = positiveInteger('maxTokens', options.maxTokens ?? 256);
  }

  /** Loads tokenizer and ONNX session once; a failed load is retried on the next call. */
  load(): Promise<Loaded> {
    this.#loading ??= this.#load().catch((err: unknown) => {
      this.#loading = undefined;
      throw err;
    });
    return this.#loading;
  }

  async #load(): Promise<Loaded> {
    const run = loadQueue.then(async () => {
      const name = basename(this.directory);
      try {
        const { AutoModel, AutoTokenizer, env, Tensor } = await this.#transformers.load();
        env.allowRemoteModels = false;
        env.allowLocalModels = true;
        env.localModelPath = dirname(this.directory);
        env.cacheDir = this.#cacheDir;
        // The file cache is consulted before the local directory and keyed by model name only,
        // so a stale or foreign entry there could shadow our files; local files need no cache.
        env.useFSCache = false;
        const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
        const model = await AutoModel.from_pretrained(name, {
          local_files_only: true,
          device: 'cpu',
          dtype: 'fp32',
        });
        return { tokenizer, model, Tensor };
      } catch (err) {
        throw new SwitchboardError(
          'CONFIG_INVALID',
          `Local embedding model in ${this.directory} could not be loaded: ${describeProviderError(err)}`,
          { cause: err, details: { directory: this.directory } },
        );
      }
    });
    loadQueue = run.catch(() => undefined);
    return run;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.#embed([text]);
    return vector!;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    // Batches of similar lengths pad less: order by length, embed, put back in input order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const out = new Array<number[]>(texts.length);
    for (let start = 0; start < order.length; start += this.#batchSize) {
      const slice = order.slice(start, start + this.#batchSize);
      const vectors = await this.#embed(slice.map((i) => texts[i]!));
      slice.forEach((i, k) => {
        out[i] = vectors[k]!;
      });
    }
    return out;
  }

  /** Releases the ONNX session; a later call loads the model again. */
  async close(): Promise<void> {
    const loading = this.#loading;
    this.#loading = undefined;
    if (!loading) return;
    const loaded = await loading.catch(() => undefined);
    await loaded?.model.dispose();
  }

  async #embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const { tokenizer, model, Tensor } = await this.load();
    try {
      // Truncate only: given a max_length, Transformers.js 3.0 pads every text up to it (256),
      // which made short batches ~20x slower; padding to the batch's longest is done here.
      const encoded = tokenizer(texts, {
        padding: false,
        truncation: true,
        max_length: this.#maxTokens,
        return_tensor: false,
      }) as Encoded;
      const inputs = padToLongest(Tensor, encoded);
      const output = (await model(inputs)) as { last_hidden_state: Tensor };
      return meanPoolNormalised(output.last_hidden_state, inputs.attention_mask);
    } catch (err) {
      throw new SwitchboardError(
        'PROVIDER_FAILED',
        `Embeddings ${this.id} failed: ${describeProviderError(err)}`,
        { cause: err, details: { reason: 'error' } },
      );
    }
  }
}

/** int64 tensors [batch, longest], padded at the end with id 0 ([PAD]) and mask 0. */
function padToLongest(
  TensorClass: typeof Tensor,
  encoded: Encoded,
): { input_ids: Tensor; attention_mask: Tensor; token_type_ids: Tensor } {
  const rows = encoded.input_ids;
  const longest = Math.max(...rows.map((r) => r.length));
  const tensor = (pick: (row: number, col: number) => number) => {
    const data = new BigInt64Array(rows.length * longest);
    for (let r = 0; r < rows.length; r++)
      for (let c = 0; c < rows[r]!.length; c++) data[r * longest + c] = BigInt(pick(r, c));
    return new TensorClass('int64', data, [rows.length, longest]);
  };
  return {
    input_ids: tensor((r, c) => rows[r]![c]!),
    attention_mask: tensor((r, c) => encoded.attention_mask[r]![c]!),
    token_type_ids: tensor((r, c) => encoded.token_type_ids?.[r]?.[c] ?? 0),
  };
}

/** sentence-transformers' Pooling(mean) + Normalize: mean over tokens whose mask is 1, then L2. */
function meanPoolNormalised(hidden: Tensor, mask: Tensor): number[][] {
  const [batch, seq, width] = hidden.dims as [number, number, number];
  const values = hidden.data as Float32Array;
  const attended = mask.data as BigInt64Array;
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float64Array(width);
    let count = 0;
    for (let t = 0; t < seq; t++) {
      if (attended[b * seq + t] === 0n) continue;
      count++;
      const offset = (b * seq + t) * width;
      for (let d = 0; d < width; d++) sum[d]! += values[offset + d]!;
    }
    let norm = 0;
    for (let d = 0; d < width; d++) {
      sum[d]! /= Math.max(count, 1);
      norm += sum[d]! * sum[d]!;
    }
    // sentence-transformers clamps the norm at 1e-12 (torch.nn.functional.normalize).
    const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    out.push(Array.from(sum, (v) => v * scale));
  }
  return out;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SwitchboardError(
      'CONFIG_INVALID',
      `LocalEmbedder ${name} must be a positive integer`,
      {
        details: { [name]: value },
      },
    );
  }
  return value;
}

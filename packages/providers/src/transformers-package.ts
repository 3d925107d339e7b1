import { createRequire } from 'node:module';

/**
 * Transformers.js runs the local embedding model. It is an optional peer of this package (with
 * onnxruntime-node it weighs ~330 MB), installed by `npm ci` for development and tests but not by
 * `npm ci --omit=dev`; only `EMBEDDINGS_PROVIDER=local` needs it.
 */
export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';
/** The version the local embedder is written and tested against (package.json pins the same). */
export const TRANSFORMERS_VERSION = '3.0.2';

type TransformersModule = typeof import('@huggingface/transformers');

/** Where the local embedder gets Transformers.js; tests stand in for a missing package with it. */
export interface TransformersSource {
  /** Whether the package can be imported; asked when an embedder is made, so start-up fails early. */
  installed(): boolean;
  /** The module, imported on first use so processes without a local embedder never load it. */
  load(): Promise<TransformersModule>;
}

const requireFromHere = createRequire(import.meta.url);

/** Transformers.js as installed in node_modules (or not). */
export const installedTransformers: TransformersSource = {
  installed() {
    try {
      // Resolves the entry point without loading it (onnxruntime stays unloaded).
      requireFromHere.resolve(TRANSFORMERS_PACKAGE);
      return true;
    } catch {
      return false;
    }
  },
  load: () => import('@huggingface/transformers'),
};

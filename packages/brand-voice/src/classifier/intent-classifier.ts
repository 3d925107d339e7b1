import type { IntentPrediction } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { combineSignals, softmax } from './calibration.ts';
import { decodeFloat32, decodeInt32, encodeArray } from './codec.ts';
import { extractFeatures, FEATURES_VERSION } from './features.ts';
import { type DualCoefficients, primalFromDual } from './linear-model.ts';
import { DEFAULT_CLASSIFIER_OPTIONS, type ResolvedClassifierOptions } from './options.ts';
import { groupRowsByClass, type PairwiseModel, pairOffsets } from './pairwise-svm.ts';
import { computeSignals, type SignalModel } from './signals.ts';
import {
  indexRows,
  type RowIndex,
  rowDotProducts,
  type SparseMatrix,
  toSparseMatrix,
} from './sparse-matrix.ts';
import { type SparseVector, TfidfVectorizer } from './tfidf-vectorizer.ts';

export const CLASSIFIER_FORMAT = 'switchboard.intent-classifier/1';

/** Metrics of the split model on the held-out validation rows. */
export interface ValidationReport {
  accuracy: number;
  macroF1: number;
  /** Expected calibration error, 10 equal-width bins. */
  ece: number;
  /** Training examples. */
  n: number;
  nValidation: number;
}

/**
 * The training texts as vectorised when the model was fitted: its vocabulary, idf weights and the
 * rows of the training matrix. Loading them instead of extracting and weighting every text's
 * n-grams again is most of what makes a saved model quick to load (the topic detector and the
 * small-talk classifier, ~2,300 texts each, took 0.15–0.4 s to re-vectorise at every start).
 */
export interface FittedFormJSON {
  /**
   * sha256 of the feature extraction's version, the vectoriser's options and the texts: a form
   * saved for other texts or options, or by another feature extraction, is made again instead.
   */
  stamp: string;
  vocabulary: string[];
  wordFeatureCount: number;
  /** base64 Float32, one per vocabulary entry. */
  idf: string;
  /** The training rows in CSR layout: base64 Int32 `indptr` and `indices`, Float32 `values`. */
  x: { indptr: string; indices: string; values: string };
}

/**
 * Plain-JSON form. The model is stored in dual form over its training texts (coefficients per
 * training row), which is far smaller than the primal weight matrix (BANKING77: ~5 MB instead of
 * ~30 MB); loading rebuilds the weights exactly from the vectorised texts, saved with the model
 * (`fitted`) or, for a model saved without them, vectorised again.
 */
export interface IntentClassifierJSON {
  format: typeof CLASSIFIER_FORMAT;
  options: ResolvedClassifierOptions;
  labels: string[];
  texts: string[];
  /** base64 Int32: label index per text. */
  targets: string;
  /** Guards against a tokenizer change between training and loading. */
  vocabularySha256: string;
  /** Sparse dual coefficients of the multiclass SVM (base64 Int32 slots, Float32 values). */
  dual: { slots: string; values: string };
  /** base64 Float32 pairwise coefficients, or null when re-ranking is off. */
  pairwise: string | null;
  /** base64 Int32 rows the model was trained on, or null for all (see `refitOnAll`). */
  trainedRows: string | null;
  /** Softmax weights of the [SVM score, pairwise vote] signals. */
  calibration: number[];
  validation: ValidationReport | null;
  /** The vectorised training texts; absent (older models), loading vectorises the texts again. */
  fitted?: FittedFormJSON;
}

/** What training produces and loading restores. */
export interface ClassifierParts {
  options: ResolvedClassifierOptions;
  labels: string[];
  texts: string[];
  targets: Int32Array;
  vectorizer: TfidfVectorizer;
  x: SparseMatrix;
  dual: DualCoefficients;
  pairwise: PairwiseModel | null;
  /** Rows the model was trained on; null when all of them. */
  trainedRows: Int32Array | null;
  calibration: number[];
  validation: ValidationReport | null;
}

/** Vectorises the training texts; identical for training and loading. */
export function vectoriseTrainingTexts(
  texts: readonly string[],
  options: ResolvedClassifierOptions,
): { vectorizer: TfidfVectorizer; x: SparseMatrix } {
  const spec = {
    wordNgrams: options.wordNgrams,
    charNgrams: options.charNgrams,
    stemWords: options.stemWords,
  };
  const features = texts.map((text) => extractFeatures(text, spec));
  const vectorizer = TfidfVectorizer.fit(features, {
    spec,
    minDf: options.minDf,
    wordViewWeight: options.wordViewWeight,
  });
  return { vectorizer, x: toSparseMatrix(features.map((f) => vectorizer.transformFeatures(f))) };
}

function vocabularyHash(vectorizer: TfidfVectorizer): string {
  return sha256(vectorizer.state.vocabulary.join('\n'));
}

/** What a saved vectorisation depends on: feature extraction, vectoriser options, texts. */
function fittedStamp(texts: readonly string[], options: ResolvedClassifierOptions): string {
  const { wordNgrams, charNgrams, stemWords, minDf, wordViewWeight } = options;
  return sha256(
    JSON.stringify([
      FEATURES_VERSION,
      wordNgrams,
      charNgrams,
      stemWords,
      minDf,
      wordViewWeight,
      texts,
    ]),
  );
}

/** Training rows vectorised again on load to check a saved vectorisation against today's code. */
const SPOT_CHECKED_ROWS = 32;

function sameRow(x: SparseMatrix, row: number, vector: SparseVector): boolean {
  const start = x.indptr[row]!;
  if (x.indptr[row + 1]! - start !== vector.indices.length) return false;
  for (let k = 0; k < vector.indices.length; k++) {
    if (x.indices[start + k] !== vector.indices[k] || x.values[start + k] !== vector.values[k])
      return false;
  }
  return true;
}

/**
 * The vectorised training texts saved with the model, or null when there are none or they cannot
 * be trusted: another stamp (texts, options or feature version changed), a malformed matrix, or a
 * sample of rows that today's code vectorises differently (a feature change without a version bump).
 */
function restoreVectorised(
  json: IntentClassifierJSON,
  options: ResolvedClassifierOptions,
): { vectorizer: TfidfVectorizer; x: SparseMatrix } | null {
  const fitted = json.fitted;
  if (!fitted || fitted.stamp !== fittedStamp(json.texts, options)) return null;
  const vectorizer = new TfidfVectorizer({
    spec: {
      wordNgrams: options.wordNgrams,
      charNgrams: options.charNgrams,
      stemWords: options.stemWords,
    },
    vocabulary: fitted.vocabulary,
    wordFeatureCount: fitted.wordFeatureCount,
    idf: decodeFloat32(fitted.idf),
    wordViewWeight: options.wordViewWeight,
  });
  const rows = json.texts.length;
  const x: SparseMatrix = {
    rows,
    indptr: decodeInt32(fitted.x.indptr),
    indices: decodeInt32(fitted.x.indices),
    values: decodeFloat32(fitted.x.values),
  };
  const dimension = vectorizer.dimension;
  if (
    vectorizer.state.idf.length !== dimension ||
    x.indptr.length !== rows + 1 ||
    x.indptr[0] !== 0 ||
    x.indptr[rows] !== x.indices.length ||
    x.values.length !== x.indices.length
  )
    return null;
  for (let r = 0; r < rows; r++) if (x.indptr[r + 1]! < x.indptr[r]!) return null;
  for (const feature of x.indices) if (feature < 0 || feature >= dimension) return null;
  const step = Math.max(1, Math.floor(rows / SPOT_CHECKED_ROWS));
  for (let r = 0; r < rows; r += step)
    if (!sameRow(x, r, vectorizer.transform(json.texts[r]!))) return null;
  return { vectorizer, x };
}

/** The largest cosine, clamped to [0, 1] (float rounding can pass 1 a hair). */
function nearest(cosines: Float64Array): number {
  let best = 0;
  for (const c of cosines) if (c > best) best = c;
  return Math.min(1, best);
}

/** Intent classifier with calibrated confidence. Create with `trainIntentClassifier` or `fromJSON`. */
export class IntentClassifier {
  readonly labels: string[];
  /** Held-out metrics from training, when a validation split was used. */
  readonly validation: ValidationReport | null;
  private readonly parts: ClassifierParts;
  private readonly signalModel: SignalModel;

  constructor(parts: ClassifierParts) {
    this.parts = parts;
    this.labels = parts.labels;
    this.validation = parts.validation;
    this.signalModel = {
      base: primalFromDual({
        x: parts.x,
        dual: parts.dual,
        classCount: parts.labels.length,
        dimension: parts.vectorizer.dimension,
      }),
      pairwise: parts.pairwise,
      x: parts.x,
      rerankTop: parts.options.rerankTop,
      scratch: new Float64Array(parts.vectorizer.dimension),
    };
  }

  /** The training rows by feature, built on the first `similarity` asked for (not every model needs it). */
  private rows: RowIndex | undefined;
  private rowIndex(): RowIndex {
    this.rows ??= indexRows(this.parts.x, this.parts.vectorizer.dimension);
    return this.rows;
  }

  /** Calibrated probabilities of every label, in `labels` order. */
  probabilities(text: string): Float64Array {
    const signals = computeSignals(this.signalModel, this.parts.vectorizer.transform(text));
    return softmax(combineSignals(signals, this.parts.calibration));
  }

  /**
   * The best label with its calibrated probability. `similarity` (on by default) also measures
   * the distance to the closest training example, a pass over every training row.
   */
  predict(text: string, options: { similarity?: boolean } = {}): IntentPrediction {
    const query = this.parts.vectorizer.transform(text);
    const signals = computeSignals(this.signalModel, query);
    const p = softmax(combineSignals(signals, this.parts.calibration));
    const ranked = [...p.keys()]
      .sort((a, b) => p[b]! - p[a]! || a - b)
      .slice(0, 5)
      .map((c) => ({ label: this.labels[c]!, probability: p[c]! }));
    const best = ranked[0] ?? { label: '', probability: 0 };
    return {
      label: best.label,
      confidence: best.probability,
      ranked,
      ...(options.similarity === false
        ? {}
        : { similarity: nearest(rowDotProducts(this.rowIndex(), query)) }),
    };
  }

  toJSON(): IntentClassifierJSON {
    const { parts } = this;
    return {
      format: CLASSIFIER_FORMAT,
      options: parts.options,
      labels: parts.labels,
      texts: parts.texts,
      targets: encodeArray(parts.targets),
      vocabularySha256: vocabularyHash(parts.vectorizer),
      dual: { slots: encodeArray(parts.dual.slots), values: encodeArray(parts.dual.values) },
      pairwise: parts.pairwise ? encodeArray(parts.pairwise.alpha) : null,
      trainedRows: parts.trainedRows ? encodeArray(parts.trainedRows) : null,
      calibration: parts.calibration,
      validation: parts.validation,
      fitted: {
        stamp: fittedStamp(parts.texts, parts.options),
        vocabulary: parts.vectorizer.state.vocabulary,
        wordFeatureCount: parts.vectorizer.state.wordFeatureCount,
        idf: encodeArray(parts.vectorizer.state.idf),
        x: {
          indptr: encodeArray(parts.x.indptr),
          indices: encodeArray(parts.x.indices),
          values: encodeArray(parts.x.values),
        },
      },
    };
  }

  static fromJSON(json: IntentClassifierJSON): IntentClassifier {
    if (json?.format !== CLASSIFIER_FORMAT) {
      throw new SwitchboardError(
        'DATA_INVALID',
        `Not an intent classifier (${String(json?.format)}).`,
      );
    }
    try {
      const targets = decodeInt32(json.targets);
      const options = { ...DEFAULT_CLASSIFIER_OPTIONS, ...json.options };
      const { vectorizer, x } =
        restoreVectorised(json, options) ?? vectoriseTrainingTexts(json.texts, options);
      if (vocabularyHash(vectorizer) !== json.vocabularySha256) {
        throw new Error('the tokenizer changed since training; retrain the model');
      }
      const classCount = json.labels.length;
      let pairwise: PairwiseModel | null = null;
      if (json.pairwise !== null) {
        const rows =
          json.trainedRows === null
            ? Int32Array.from(targets.keys())
            : decodeInt32(json.trainedRows);
        const rowsByClass = groupRowsByClass(targets, rows, classCount);
        const offsets = pairOffsets(rowsByClass);
        const alpha = decodeFloat32(json.pairwise);
        if (alpha.length !== offsets[offsets.length - 1])
          throw new Error('pairwise coefficients do not fit');
        pairwise = { classCount, rowsByClass, offsets, alpha };
      }
      return new IntentClassifier({
        options,
        labels: json.labels,
        texts: json.texts,
        targets,
        vectorizer,
        x,
        dual: { slots: decodeInt32(json.dual.slots), values: decodeFloat32(json.dual.values) },
        pairwise,
        trainedRows: json.trainedRows === null ? null : decodeInt32(json.trainedRows),
        calibration: json.calibration,
        validation: json.validation,
      });
    } catch (cause) {
      throw new SwitchboardError(
        'DATA_INVALID',
        `Invalid intent classifier: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
}

import { SwitchboardError } from '@switchboard/core';
import { combineSignals, fitSignalWeights, softmax } from './calibration.ts';
import { sparseDual, trainCrammerSinger } from './crammer-singer-svm.ts';
import {
  type ClassifierParts,
  IntentClassifier,
  type ValidationReport,
  vectoriseTrainingTexts,
} from './intent-classifier.ts';
import { primalFromDual } from './linear-model.ts';
import { accuracy, expectedCalibrationError, macroF1 } from './metrics.ts';
import {
  DEFAULT_CLASSIFIER_OPTIONS,
  type IntentClassifierOptions,
  type ResolvedClassifierOptions,
} from './options.ts';
import { type PairwiseModel, trainPairwise } from './pairwise-svm.ts';
import { computeSignals } from './signals.ts';
import type { SparseMatrix } from './sparse-matrix.ts';
import { stratifiedSplit } from './split.ts';

/**
 * Prior softmax weights of [SVM score, pairwise vote]: one unit of SVM margin ≈ e-fold odds, the
 * pairwise vote counting half. Only used as-is without a validation split (tiny data); otherwise
 * the ridge towards it is negligible.
 */
const PRIOR_WEIGHTS = [1, 0.5] as const;
const CALIBRATION_RIDGE = 1;
const MAX_EPOCHS = 500;

interface Stage {
  alpha: Float64Array;
  pairwise: PairwiseModel | null;
}

function trainStage(input: {
  x: SparseMatrix;
  targets: Int32Array;
  classCount: number;
  dimension: number;
  rows: Int32Array;
  options: ResolvedClassifierOptions;
  warmStart?: Stage;
}): Stage {
  const { x, targets, classCount, dimension, rows, options } = input;
  const alpha = input.warmStart?.alpha ?? new Float64Array(x.rows * classCount);
  trainCrammerSinger({
    x,
    labels: targets,
    classCount,
    dimension,
    rows,
    alpha,
    options: {
      C: options.C,
      tolerance: options.tolerance,
      maxEpochs: MAX_EPOCHS,
      seed: options.seed,
    },
  });
  const pairwise =
    options.rerankTop >= 2 && classCount >= 2
      ? trainPairwise({
          x,
          labels: targets,
          classCount,
          dimension,
          rows,
          options: {
            C: options.pairwiseC,
            tolerance: options.pairwiseTolerance,
            maxEpochs: MAX_EPOCHS,
            seed: options.seed,
          },
          ...(input.warmStart?.pairwise ? { warmStart: input.warmStart.pairwise } : {}),
        })
      : null;
  return { alpha, pairwise };
}

/**
 * Fits the calibration on the validation rows and measures the split model there. Returns the
 * fitted softmax weights and the report.
 */
function calibrate(input: {
  x: SparseMatrix;
  targets: Int32Array;
  labels: readonly string[];
  dimension: number;
  stage: Stage;
  validation: Int32Array;
  trainCount: number;
  rerankTop: number;
}): { weights: number[]; report: ValidationReport } {
  const { x, targets, labels, stage } = input;
  const base = primalFromDual({
    x,
    dual: sparseDual(stage.alpha),
    classCount: labels.length,
    dimension: input.dimension,
  });
  const model = {
    base,
    pairwise: stage.pairwise,
    x,
    rerankTop: input.rerankTop,
    scratch: new Float64Array(input.dimension),
  };
  const items = [...input.validation].map((row) => ({
    signals: computeSignals(model, rowVector(x, row)),
    target: targets[row]!,
  }));
  const weights = fitSignalWeights(items, { prior: PRIOR_WEIGHTS, ridge: CALIBRATION_RIDGE });
  const gold: string[] = [];
  const predicted: string[] = [];
  const calibration: Array<{ confidence: number; correct: boolean }> = [];
  for (const item of items) {
    const p = softmax(combineSignals(item.signals, weights));
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    gold.push(labels[item.target]!);
    predicted.push(labels[best]!);
    calibration.push({ confidence: p[best]!, correct: best === item.target });
  }
  return {
    weights,
    report: {
      accuracy: accuracy(gold, predicted),
      macroF1: macroF1(gold, predicted),
      ece: expectedCalibrationError(calibration),
      n: input.trainCount,
      nValidation: items.length,
    },
  };
}

function rowVector(x: SparseMatrix, row: number) {
  return {
    indices: x.indices.subarray(x.indptr[row]!, x.indptr[row + 1]!),
    values: x.values.subarray(x.indptr[row]!, x.indptr[row + 1]!),
  };
}

/**
 * Trains the intent classifier: TF-IDF over word and character n-grams, a Crammer–Singer
 * multiclass SVM, one-vs-one pairwise SVMs that re-rank its top candidates, and a softmax whose
 * weights are fitted on a stratified validation split (so `confidence` is a calibrated
 * probability). By default training then continues on all rows, warm-started, keeping the
 * calibration fitted on the split. Empty texts or labels are rejected with `DATA_INVALID`.
 */
export function trainIntentClassifier(
  examples: ReadonlyArray<{ text: string; label: string }>,
  options: IntentClassifierOptions = {},
): IntentClassifier {
  const resolved: ResolvedClassifierOptions = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  const bad = examples.findIndex((e) => !e.text?.trim() || !e.label?.trim());
  if (examples.length === 0 || bad >= 0) {
    throw new SwitchboardError(
      'DATA_INVALID',
      examples.length === 0
        ? 'No training examples.'
        : `Example ${bad} has an empty text or label.`,
      { details: { index: bad } },
    );
  }
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const texts = examples.map((e) => e.text);
  const targets = Int32Array.from(examples, (e) => labelIndex.get(e.label)!);
  // The vectoriser is unsupervised, so it is fitted once on all texts (validation labels stay unseen).
  const { vectorizer, x } = vectoriseTrainingTexts(texts, resolved);
  const common = {
    x,
    targets,
    classCount: labels.length,
    dimension: vectorizer.dimension,
    options: resolved,
  };
  const split = stratifiedSplit({
    targets,
    classCount: labels.length,
    fraction: resolved.validationFraction,
    seed: resolved.seed,
  });
  let stage = trainStage({ ...common, rows: split.train });
  let weights: number[] = [...PRIOR_WEIGHTS];
  let validation: ValidationReport | null = null;
  if (split.validation.length > 0) {
    const fitted = calibrate({
      ...common,
      labels,
      stage,
      validation: split.validation,
      trainCount: examples.length,
      rerankTop: resolved.rerankTop,
    });
    weights = fitted.weights;
    validation = fitted.report;
  }
  let trainedRows: Int32Array | null = split.train;
  if (resolved.refitOnAll || split.validation.length === 0) {
    if (split.validation.length > 0) {
      stage = trainStage({ ...common, rows: Int32Array.from(targets.keys()), warmStart: stage });
    }
    trainedRows = null;
  }
  const parts: ClassifierParts = {
    options: resolved,
    labels,
    texts,
    targets,
    vectorizer,
    x,
    dual: sparseDual(stage.alpha),
    pairwise: stage.pairwise,
    trainedRows,
    calibration: weights,
    validation,
  };
  return new IntentClassifier(parts);
}

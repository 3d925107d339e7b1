import {
  accuracy,
  DEFAULT_CLASSIFIER_OPTIONS,
  fitOutOfScopeDetector,
  macroF1,
  type OutOfScopeDetector,
  trainIntentClassifier,
} from '@switchboard/brand-voice';
import { SwitchboardError } from '@switchboard/core';
import { chooseClassifierOptions } from './choose-classifier-options.ts';
import type { LabeledText } from './labeled-texts.ts';
import { percentile } from './ranking-metrics.ts';

/** The label of out-of-scope queries (CLINC150 convention). */
export const OOS_LABEL = 'oos';

export interface IntentEvalReport {
  accuracy: number;
  macro_f1: number;
  /** Test items. */
  n: number;
  train_seconds: number;
  predict_ms_p50: number;
  /** Only when the test set has `oos` items: accuracy on the in-scope items. */
  in_scope_accuracy?: number;
  oos_recall?: number;
  oos_precision?: number;
  /**
   * Only with out-of-scope items: the out-of-scope probability (from the detector fitted on the
   * training data) at or above which a prediction became out of scope.
   */
  rejection_threshold?: number;
  /** How many top classes the pairwise experts re-ranked (chosen on the training data). */
  rerank_top: number;
}

type Scores = Pick<
  IntentEvalReport,
  'accuracy' | 'macro_f1' | 'in_scope_accuracy' | 'oos_recall' | 'oos_precision'
>;

/**
 * Quality metrics of final predictions; the out-of-scope ones only when `gold` contains the
 * out-of-scope label (`oos`, or e.g. HINT3's `NO_NODES_DETECTED`).
 */
export function scoreIntentPredictions(
  gold: readonly string[],
  predicted: readonly string[],
  oosLabel: string = OOS_LABEL,
): Scores {
  const scores: Scores = {
    accuracy: accuracy(gold, predicted),
    macro_f1: macroF1(gold, predicted),
  };
  if (!gold.includes(oosLabel)) return scores;
  const inScope = gold.flatMap((label, i) => (label === oosLabel ? [] : [i]));
  const predictedOos = predicted.filter((label) => label === oosLabel).length;
  const caught = gold.filter((label, i) => label === oosLabel && predicted[i] === oosLabel).length;
  return {
    ...scores,
    in_scope_accuracy: accuracy(
      inScope.map((i) => gold[i]!),
      inScope.map((i) => predicted[i]!),
    ),
    oos_recall: caught / gold.filter((label) => label === oosLabel).length,
    oos_precision: predictedOos === 0 ? 0 : caught / predictedOos,
  };
}

/**
 * Trains the brand-voice intent classifier on `train` and measures it on `test`. Classifier
 * options come from cross-validation on `train` (small sets only). When `test` contains the
 * out-of-scope label, an out-of-scope detector is fitted on `train` alone (leave-intents-out
 * simulation, see `fitOutOfScopeDetector`) and rejected predictions become that label; any
 * out-of-scope rows in `train` join the background messages instead of becoming a class.
 */
export async function evaluateIntents(input: {
  train: readonly LabeledText[];
  test: readonly LabeledText[];
  seed?: number;
  /** The label of out-of-scope items in `test` (and `train`, if any). @defaultValue 'oos' */
  oosLabel?: string;
  /**
   * Messages out of scope for any company (the bundled small talk and out-of-scope lines), for
   * the out-of-scope detector. @defaultValue `[]`
   */
  background?: readonly string[];
}): Promise<IntentEvalReport> {
  const { test } = input;
  const seed = input.seed ?? 42;
  const oosLabel = input.oosLabel ?? OOS_LABEL;
  const train = input.train.filter((t) => t.label !== oosLabel);
  if (train.length === 0 || test.length === 0) {
    throw new SwitchboardError(
      'DATA_INVALID',
      'Intent evaluation needs non-empty train and test sets.',
    );
  }
  const withOos = test.some((t) => t.label === oosLabel);
  const options = { ...chooseClassifierOptions(train, seed), seed };
  let detector: OutOfScopeDetector | null = null;
  if (withOos) {
    const labelledOos = input.train.filter((t) => t.label === oosLabel).map((t) => t.text);
    detector = fitOutOfScopeDetector(train, {
      classifierOptions: options,
      background: [...(input.background ?? []), ...labelledOos],
      seed,
    });
  }
  const started = performance.now();
  const classifier = trainIntentClassifier(train, options);
  const trainSeconds = (performance.now() - started) / 1000;
  const timings: number[] = [];
  const predicted = test.map((item) => {
    const t0 = performance.now();
    const prediction = classifier.predict(item.text);
    const rejected = detector?.isOutOfScope(prediction, item.text) ?? false;
    timings.push(performance.now() - t0);
    return rejected ? oosLabel : prediction.label;
  });
  const scores = scoreIntentPredictions(
    test.map((t) => t.label),
    predicted,
    oosLabel,
  );
  return {
    accuracy: scores.accuracy,
    macro_f1: scores.macro_f1,
    n: test.length,
    train_seconds: trainSeconds,
    predict_ms_p50: percentile(timings, 50),
    rerank_top: options.rerankTop ?? DEFAULT_CLASSIFIER_OPTIONS.rerankTop,
    ...(detector
      ? {
          in_scope_accuracy: scores.in_scope_accuracy!,
          oos_recall: scores.oos_recall!,
          oos_precision: scores.oos_precision!,
          rejection_threshold: detector.threshold,
        }
      : {}),
  };
}

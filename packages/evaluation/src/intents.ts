import { accuracy, macroF1, trainIntentClassifier } from '@switchboard/brand-voice';
import type { IntentPrediction } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
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
  /** Only with out-of-scope items: the confidence below which a prediction became out of scope. */
  rejection_threshold?: number;
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

/** The final label: `oos` when the classifier says so or is less confident than `threshold`. */
export function applyRejection(
  prediction: IntentPrediction,
  threshold: number,
  oosLabel: string = OOS_LABEL,
): string {
  return prediction.confidence < threshold ? oosLabel : prediction.label;
}

/**
 * Rejection threshold from held-out predictions. With `oos` examples among them: the threshold
 * that maximises accuracy (ties: the lowest, rejecting least). Without any (the training data has
 * no out-of-scope class), nothing tells us what out-of-scope confidence looks like, so we keep
 * 95% of in-scope items: the 5th percentile of their confidence.
 */
export function fitRejectionThreshold(
  held: ReadonlyArray<{ label: string; prediction: IntentPrediction }>,
  oosLabel: string = OOS_LABEL,
): number {
  if (held.length === 0) return 0;
  if (!held.some((h) => h.label === oosLabel))
    return percentile(
      held.map((h) => h.prediction.confidence),
      5,
    );
  const candidates = [0, ...new Set(held.map((h) => h.prediction.confidence + 1e-12))].sort(
    (a, b) => a - b,
  );
  let best = 0;
  let bestCorrect = -1;
  for (const tau of candidates) {
    const correct = held.filter(
      (h) => applyRejection(h.prediction, tau, oosLabel) === h.label,
    ).length;
    if (correct > bestCorrect) {
      bestCorrect = correct;
      best = tau;
    }
  }
  return best;
}

/** Deterministic stratified split: per label, the items whose seeded hash ranks lowest are held out. */
function heldOutSplit(items: readonly LabeledText[], fraction: number, seed: number) {
  const byLabel = new Map<string, number[]>();
  items.forEach((item, i) => {
    const rows = byLabel.get(item.label) ?? [];
    rows.push(i);
    byLabel.set(item.label, rows);
  });
  const held = new Set<number>();
  for (const rows of byLabel.values()) {
    const ranked = rows
      .map((i) => ({ i, key: sha256(`${seed}:${i}`) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const count = Math.min(Math.round(rows.length * fraction), rows.length - 1);
    for (const { i } of ranked.slice(0, count)) held.add(i);
  }
  return {
    fit: items.filter((_, i) => !held.has(i)),
    validation: items.filter((_, i) => held.has(i)),
  };
}

/**
 * Trains the brand-voice intent classifier on `train` and measures it on `test`. When `test`
 * contains the out-of-scope label, a rejection threshold is fitted on a validation split of
 * `train` (a separate classifier trained on the rest), and out-of-scope metrics are added.
 */
export async function evaluateIntents(input: {
  train: readonly LabeledText[];
  test: readonly LabeledText[];
  seed?: number;
  /** The label of out-of-scope items in `test` (and `train`, if any). @defaultValue 'oos' */
  oosLabel?: string;
}): Promise<IntentEvalReport> {
  const { train, test } = input;
  const seed = input.seed ?? 42;
  const oosLabel = input.oosLabel ?? OOS_LABEL;
  if (train.length === 0 || test.length === 0) {
    throw new SwitchboardError(
      'DATA_INVALID',
      'Intent evaluation needs non-empty train and test sets.',
    );
  }
  const withOos = test.some((t) => t.label === oosLabel);
  let threshold = 0;
  if (withOos) {
    const { fit, validation } = heldOutSplit(train, 0.2, seed);
    const probe = trainIntentClassifier(fit, { seed });
    threshold = fitRejectionThreshold(
      validation.map((v) => ({ label: v.label, prediction: probe.predict(v.text) })),
      oosLabel,
    );
  }
  const started = performance.now();
  const classifier = trainIntentClassifier(train, { seed });
  const trainSeconds = (performance.now() - started) / 1000;
  const timings: number[] = [];
  const predicted = test.map((item) => {
    const t0 = performance.now();
    const prediction = classifier.predict(item.text);
    timings.push(performance.now() - t0);
    return withOos ? applyRejection(prediction, threshold, oosLabel) : prediction.label;
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
    ...(withOos
      ? {
          in_scope_accuracy: scores.in_scope_accuracy!,
          oos_recall: scores.oos_recall!,
          oos_precision: scores.oos_precision!,
          rejection_threshold: threshold,
        }
      : {}),
  };
}

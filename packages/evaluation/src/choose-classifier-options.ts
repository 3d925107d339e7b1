import { type IntentClassifierOptions, trainIntentClassifier } from '@switchboard/brand-voice';
import { sha256 } from '@switchboard/text';
import type { LabeledText } from './labeled-texts.ts';

/**
 * Above this many training examples the defaults (tuned on BANKING77, ~10k examples) are kept
 * and nothing is cross-validated (it would cost minutes).
 */
export const SMALL_TRAINING_SET = 3000;
const FOLDS = 4;

/**
 * The candidates differ in the pairwise re-ranking only: on small sets (HINT3's bots have ~15
 * examples per intent) one-vs-one experts fitted on a handful of rows can hurt.
 */
const CANDIDATES: readonly IntentClassifierOptions[] = [{}, { rerankTop: 0 }];

/** Fold of each item, stratified by label and deterministic for a seed. */
function stratifiedFolds(items: readonly LabeledText[], seed: number): number[] {
  const byLabel = new Map<string, number[]>();
  items.forEach((item, i) => {
    const rows = byLabel.get(item.label) ?? [];
    rows.push(i);
    byLabel.set(item.label, rows);
  });
  const fold = new Array<number>(items.length).fill(0);
  for (const rows of byLabel.values()) {
    rows
      .map((i) => ({ i, key: sha256(`${seed}:${i}`) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .forEach(({ i }, rank) => {
        fold[i] = rank % FOLDS;
      });
  }
  return fold;
}

/**
 * Classifier options for a training set: on small sets the candidate with the best stratified
 * 4-fold cross-validated accuracy on the training data (ties keep the defaults), so the choice
 * comes from the training data alone.
 */
export function chooseClassifierOptions(
  train: readonly LabeledText[],
  seed: number,
): IntentClassifierOptions {
  if (train.length > SMALL_TRAINING_SET || new Set(train.map((t) => t.label)).size < 2) return {};
  const fold = stratifiedFolds(train, seed);
  let best: IntentClassifierOptions = {};
  let bestCorrect = -1;
  for (const candidate of CANDIDATES) {
    let correct = 0;
    for (let k = 0; k < FOLDS; k++) {
      const fit = train.filter((_, i) => fold[i] !== k);
      if (fit.length === 0 || fit.length === train.length) continue;
      const classifier = trainIntentClassifier(fit, { ...candidate, seed });
      train.forEach((item, i) => {
        if (fold[i] === k && classifier.predict(item.text).label === item.label) correct++;
      });
    }
    if (correct > bestCorrect) {
      bestCorrect = correct;
      best = candidate;
    }
  }
  return best;
}

import { SwitchboardError } from '@switchboard/core';
import { fitLogistic, logisticProbability, type WeightedRow } from '@switchboard/stats';
import { seededRandom, shuffleInPlace } from '@switchboard/text';
import {
  DEFAULT_CLASSIFIER_OPTIONS,
  type IntentClassifierOptions,
  type ResolvedClassifierOptions,
} from '../classifier/options.ts';
import { stratifiedSplit } from '../classifier/split.ts';
import { trainIntentClassifier } from '../classifier/train-intent-classifier.ts';
import { OutOfScopeDetector, type ScopeSimulationReport } from './out-of-scope-detector.ts';
import { ScopeReference } from './scope-features.ts';

/** Options of {@link fitOutOfScopeDetector}. */
export interface OutOfScopeDetectorOptions {
  /**
   * Messages out of scope for any company (small talk, trivia, requests for other services).
   * Half of them are what messages are compared with, the other half play out-of-scope
   * messages in the simulation. Optional: without them only held-out intents play that part.
   * @defaultValue `[]`
   */
  background?: readonly string[];
  /**
   * Options of the intent classifier the detector will judge; the simulation trains its fold
   * classifiers with them, so they must match the classifier used at prediction time.
   * @defaultValue `{}` (the classifier's defaults)
   */
  classifierOptions?: IntentClassifierOptions;
  /**
   * Folds over intents: each fold holds out about `1 / folds` of the intents entirely.
   * @defaultValue `4`
   */
  folds?: number;
  /**
   * Repetitions of the folds with a different partition of the intents (stabler fits).
   * @defaultValue `4`
   */
  repeats?: number;
  /**
   * Share of the kept intents' examples held out per fold as in-scope messages.
   * @defaultValue `0.2`
   */
  heldOutFraction?: number;
  /**
   * Out-of-scope probability at or above which a message is rejected. `0.5` is the prior-free
   * choice: the model is fitted with in-scope and out-of-scope weighted equally.
   * @defaultValue `0.5`
   */
  threshold?: number;
  /** L2 penalty of the logistic model (on standardised features). @defaultValue `0.001` */
  ridge?: number;
  /** @defaultValue `42` */
  seed?: number;
}

type Example = { text: string; label: string };
type Kind = 'inScope' | 'heldOutIntents' | 'background';
interface SimulatedRow {
  x: number[];
  kind: Kind;
}

/** Background lines at even positions are the reference, odd positions the probes. */
function splitBackground(background: readonly string[]) {
  const lines = background.map((line) => line.trim()).filter(Boolean);
  return {
    reference: lines.filter((_, i) => i % 2 === 0),
    probes: lines.filter((_, i) => i % 2 === 1),
  };
}

/**
 * One fold: train a classifier without the held-out intents and without a share of the other
 * intents' examples, then describe both kinds of held-out message as the detector will see them.
 */
function simulateFold(input: {
  examples: readonly Example[];
  heldOutIntents: ReadonlySet<string>;
  probes: readonly string[];
  reference: readonly string[];
  options: ResolvedClassifierOptions;
  heldOutFraction: number;
  seed: number;
}): SimulatedRow[] {
  const kept = input.examples.filter((e) => !input.heldOutIntents.has(e.label));
  const labels = [...new Set(kept.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const split = stratifiedSplit({
    targets: Int32Array.from(kept, (e) => labelIndex.get(e.label)!),
    classCount: labels.length,
    fraction: input.heldOutFraction,
    seed: input.seed,
  });
  const fit = [...split.train].map((row) => kept[row]!);
  const classifier = trainIntentClassifier(fit, { ...input.options, seed: input.seed });
  const reference = new ScopeReference({
    examples: fit,
    background: input.reference,
    options: input.options,
  });
  const rows: SimulatedRow[] = [];
  for (const row of split.validation) {
    const example = kept[row]!;
    const prediction = classifier.predict(example.text);
    // A wrong in-scope prediction is wrong whether or not it is rejected: it teaches nothing.
    if (prediction.label !== example.label) continue;
    rows.push({ x: reference.features(prediction, example.text), kind: 'inScope' });
  }
  for (const example of input.examples) {
    if (!input.heldOutIntents.has(example.label)) continue;
    const prediction = classifier.predict(example.text);
    rows.push({ x: reference.features(prediction, example.text), kind: 'heldOutIntents' });
  }
  for (const text of input.probes) {
    rows.push({ x: reference.features(classifier.predict(text), text), kind: 'background' });
  }
  return rows;
}

/**
 * In scope weighs one half, out of scope the other, split equally between its kinds (held-out
 * intents: near the domain; background: far from it): a prior-free, balanced objective.
 */
function weighted(rows: readonly SimulatedRow[]): WeightedRow[] {
  const count = new Map<Kind, number>();
  for (const r of rows) count.set(r.kind, (count.get(r.kind) ?? 0) + 1);
  const outKinds = (['heldOutIntents', 'background'] as const).filter((k) => count.get(k));
  return rows.map((r) => ({
    x: r.x,
    positive: r.kind !== 'inScope',
    weight: (r.kind === 'inScope' ? 0.5 : 0.5 / outKinds.length) / count.get(r.kind)!,
  }));
}

/**
 * Fits an out-of-scope detector for an intent classifier trained on `examples`, from those
 * examples alone (no out-of-scope labels needed). Leave-intents-out simulation: in each fold a
 * share of the intents is held out entirely, so their messages play out-of-scope messages of the
 * hardest kind (near the domain), and a share of the other intents' examples plays in-scope
 * messages; a logistic model learns to tell them apart from the fold classifier's confidence and
 * nearest-neighbour similarities. The decision threshold is fixed by the objective (equal
 * weights), never tuned on test data. Needs at least three intents (`DATA_INVALID` otherwise).
 */
export function fitOutOfScopeDetector(
  examples: ReadonlyArray<Example>,
  options: OutOfScopeDetectorOptions = {},
): OutOfScopeDetector {
  const classifierOptions = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options.classifierOptions };
  const seed = options.seed ?? classifierOptions.seed;
  const intents = [...new Set(examples.map((e) => e.label))].sort();
  if (intents.length < 3) {
    throw new SwitchboardError(
      'DATA_INVALID',
      `An out-of-scope detector needs at least 3 intents to hold some out (got ${intents.length}).`,
    );
  }
  // Every fold must leave at least two intents to train on.
  const folds = Math.max(2, Math.min(options.folds ?? 4, intents.length - 1));
  const repeats = Math.max(1, options.repeats ?? 4);
  const background = splitBackground(options.background ?? []);
  const rows: SimulatedRow[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const order = [...intents];
    shuffleInPlace(order, seededRandom(seed + repeat));
    for (let fold = 0; fold < folds; fold++) {
      const heldOutIntents = new Set(order.filter((_, i) => i % folds === fold));
      const slot = repeat * folds + fold;
      rows.push(
        ...simulateFold({
          examples,
          heldOutIntents,
          probes: background.probes.filter((_, i) => i % (folds * repeats) === slot),
          reference: background.reference,
          options: classifierOptions,
          heldOutFraction: options.heldOutFraction ?? 0.2,
          seed: seed + slot,
        }),
      );
    }
  }
  const model = fitLogistic(weighted(rows), options.ridge ?? 1e-3);
  const threshold = options.threshold ?? 0.5;
  const rejected = (kind: Kind) => {
    const of = rows.filter((r) => r.kind === kind);
    const share = of.filter((r) => logisticProbability(model, r.x) >= threshold).length;
    return of.length ? share / of.length : 0;
  };
  const simulation: ScopeSimulationReport = {
    inScope: rows.filter((r) => r.kind === 'inScope').length,
    heldOutIntents: rows.filter((r) => r.kind === 'heldOutIntents').length,
    background: rows.filter((r) => r.kind === 'background').length,
    inScopeKept: 1 - rejected('inScope'),
    heldOutIntentsRejected: rejected('heldOutIntents'),
    backgroundRejected: rejected('background'),
  };
  const reference = new ScopeReference({
    examples,
    background: background.reference,
    options: classifierOptions,
  });
  return new OutOfScopeDetector({ reference, model, threshold, simulation });
}

import type { IntentPrediction } from '@switchboard/core';
import { type LogisticModel, logisticProbability } from '@switchboard/stats';
import type { ScopeReference } from './scope-features.ts';

/** How the detector was fitted, measured on its own simulation (leave-intents-out). */
export interface ScopeSimulationReport {
  /** Held-out in-scope messages the fold classifier got right (wrong ones are left out of the fit). */
  inScope: number;
  /** Messages of held-out intents. */
  heldOutIntents: number;
  /** Background messages used as out-of-scope probes. */
  background: number;
  /** Share of those rightly classified held-out in-scope messages that are kept. */
  inScopeKept: number;
  /** Share of held-out intents' messages rejected. */
  heldOutIntentsRejected: number;
  /** Share of background probes rejected. */
  backgroundRejected: number;
}

/**
 * Says whether a message is outside what the intent classifier was trained on: a logistic model
 * over the classifier's confidence and the message's similarity to the training examples and to
 * generic out-of-scope messages. Create with `fitOutOfScopeDetector`.
 */
export class OutOfScopeDetector {
  /** Probability of out of scope at or above which `isOutOfScope` is true. */
  readonly threshold: number;
  readonly simulation: ScopeSimulationReport;
  private readonly reference: ScopeReference;
  private readonly model: LogisticModel;

  constructor(input: {
    reference: ScopeReference;
    model: LogisticModel;
    threshold: number;
    simulation: ScopeSimulationReport;
  }) {
    this.reference = input.reference;
    this.model = input.model;
    this.threshold = input.threshold;
    this.simulation = input.simulation;
  }

  /**
   * Probability that `text` is out of scope, given the classifier's prediction for it, under
   * equal priors (in scope and out of scope equally likely).
   */
  probability(prediction: IntentPrediction, text: string): number {
    return logisticProbability(this.model, this.reference.features(prediction, text));
  }

  isOutOfScope(prediction: IntentPrediction, text: string): boolean {
    return this.probability(prediction, text) >= this.threshold;
  }
}

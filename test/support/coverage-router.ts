import type { RouterModel } from '@switchboard/assistant';

/**
 * A hand-built router for tests of the layers around it: thresholds at 0.5, knowledge probability
 * sigmoid(10 · coverage − 5) (the other knowledge features weigh nothing), brand confidence as
 * the classifier gives it, and `handoffIntents` as given.
 */
export function coverageOnlyRouter(handoffIntents: string[] = []): RouterModel {
  return {
    thresholds: { brand: 0.5, knowledge: 0.5, handoffRequest: 0.5 },
    knowledgeCalibration: { weights: [-5, 10, 0, 0, 0], mean: [0, 0, 0, 0], scale: [1, 1, 1, 1] },
    handoffIntents,
    fit: { n: 0, balancedAccuracy: 0, perRoute: {} },
  };
}

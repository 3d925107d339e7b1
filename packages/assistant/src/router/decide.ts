import type {
  IntentPrediction,
  RouteDecision,
  RouteScores,
  RouteThresholds,
} from '@switchboard/core';
import { type LogisticModel, logisticProbability } from '@switchboard/stats';
import { brandFeatures, knowledgeFeatures, type LexicalSignals } from './features.ts';

/** Everything the router learned from data; persisted next to the brand-voice artifact. */
export interface RouterModel {
  thresholds: RouteThresholds;
  /** Logistic calibration of the knowledge features (`knowledgeFeatures`) into P(docs answer this). */
  knowledgeCalibration: LogisticModel;
  /**
   * Logistic calibration of the brand features (`brandFeatures`) into P(the brand model knows
   * this); a router built by hand without one uses the classifier's confidence as it is.
   */
  brandCalibration?: LogisticModel;
  /** Brand intents that mean "let me talk to a person" (e.g. contact_human_agent). */
  handoffIntents: string[];
  /** How the thresholds scored on the data they were fitted on. */
  fit: { n: number; balancedAccuracy: number; perRoute: Record<string, number> };
}

export interface RouteSignals {
  brand: IntentPrediction;
  /** Raw retrieval evidence (best hit's idf-weighted query coverage, 0..1). */
  evidence: number;
  /** Raw lexical scores of the retrieval; absent, only coverage speaks for the docs. */
  lexical?: LexicalSignals;
}

export function knowledgeProbability(
  model: Pick<RouterModel, 'knowledgeCalibration'>,
  signals: Pick<RouteSignals, 'evidence' | 'lexical'>,
): number {
  return logisticProbability(
    model.knowledgeCalibration,
    knowledgeFeatures(signals.evidence, signals.lexical),
  );
}

export function brandProbability(
  model: Pick<RouterModel, 'brandCalibration'>,
  brand: RouteSignals['brand'],
): number {
  if (!model.brandCalibration) return brand.confidence;
  return logisticProbability(model.brandCalibration, brandFeatures(brand));
}

/** How far above its threshold a probability is, scaled to [0, 1], so two routes compare fairly. */
function margin(probability: number, threshold: number): number {
  return (probability - threshold) / Math.max(1e-9, 1 - threshold);
}

type Choice = Pick<RouteDecision, 'route' | 'reason'>;

/** The decision rule on plain numbers; shared by `decideRoute` and threshold fitting. */
export function chooseRoute(
  scores: { brand: number; knowledge: number; handoffRequest: number },
  thresholds: RouteThresholds,
): Choice {
  if (scores.handoffRequest >= thresholds.handoffRequest)
    return { route: 'handoff', reason: 'customer_asked' };
  const brandOk = scores.brand >= thresholds.brand;
  const knowledgeOk = scores.knowledge >= thresholds.knowledge;
  if (
    brandOk &&
    (!knowledgeOk ||
      margin(scores.brand, thresholds.brand) >= margin(scores.knowledge, thresholds.knowledge))
  ) {
    return { route: 'brand', reason: 'brand_intent' };
  }
  if (knowledgeOk) return { route: 'knowledge', reason: 'knowledge_evidence' };
  return { route: 'handoff', reason: 'low_confidence' };
}

/** Calibrated scores behind a decision: an explicit request for a human is its own signal. */
export function routeScores(
  model: Pick<RouterModel, 'knowledgeCalibration' | 'brandCalibration' | 'handoffIntents'>,
  signals: RouteSignals,
): RouteScores {
  const asksForHuman = model.handoffIntents.includes(signals.brand.label);
  // A request for a person is one of the brand model's intents: as closed-set as the others.
  const known = brandProbability(model, signals.brand);
  return {
    brand: asksForHuman ? 0 : known,
    brandIntent: signals.brand.label,
    knowledge: knowledgeProbability(model, signals),
    handoffRequest: asksForHuman ? known : 0,
  };
}

/**
 * Decides brand, knowledge or handoff. An explicit request for a human wins; otherwise the route
 * whose calibrated probability clears its fitted threshold by the larger margin; when neither
 * clears, the honest outcome is "not sure": handoff with reason low_confidence.
 */
export function decideRoute(
  model: Pick<
    RouterModel,
    'thresholds' | 'knowledgeCalibration' | 'brandCalibration' | 'handoffIntents'
  >,
  signals: RouteSignals,
): RouteDecision {
  const scores = routeScores(model, signals);
  const choice = chooseRoute(scores, model.thresholds);
  const confidence =
    choice.route === 'brand'
      ? scores.brand
      : choice.route === 'knowledge'
        ? scores.knowledge
        : choice.reason === 'customer_asked'
          ? scores.handoffRequest
          : 1 - Math.max(scores.brand, scores.knowledge);
  return { ...choice, confidence, scores, thresholds: model.thresholds };
}

/** The decision for a message that is only a conversation act: small talk, sure by construction. */
export function actDecision(model: Pick<RouterModel, 'thresholds'>, act: string): RouteDecision {
  return {
    route: 'smalltalk',
    reason: 'conversation_act',
    act,
    confidence: 1,
    scores: { brand: 0, brandIntent: '', knowledge: 0, handoffRequest: 0 },
    thresholds: model.thresholds,
  };
}

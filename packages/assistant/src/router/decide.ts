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
  /**
   * True when the calibrations were fitted with an off-topic probability as a feature; a router
   * served without a topic detector then reads every message as on topic.
   */
  topicAware?: boolean;
  /** How the thresholds scored on the data they were fitted on. */
  fit: { n: number; balancedAccuracy: number; perRoute: Record<string, number> };
}

export interface RouteSignals {
  brand: IntentPrediction;
  /** Raw retrieval evidence (best hit's idf-weighted query coverage, 0..1). */
  evidence: number;
  /** Raw lexical scores of the retrieval; absent, only coverage speaks for the docs. */
  lexical?: LexicalSignals;
  /** P(the message is about something no support assistant serves), from a `TopicDetector`. */
  offTopic?: number;
}

type Calibrations = Pick<RouterModel, 'knowledgeCalibration' | 'brandCalibration' | 'topicAware'>;

/** The off-topic feature as the model was fitted: present (0 when unknown) or absent. */
function offTopicFeature(model: Pick<RouterModel, 'topicAware'>, offTopic: number | undefined) {
  return model.topicAware ? (offTopic ?? 0) : undefined;
}

export function knowledgeProbability(
  model: Omit<Calibrations, 'brandCalibration'>,
  signals: Pick<RouteSignals, 'evidence' | 'lexical' | 'offTopic'>,
): number {
  return logisticProbability(
    model.knowledgeCalibration,
    knowledgeFeatures(signals.evidence, signals.lexical, offTopicFeature(model, signals.offTopic)),
  );
}

export function brandProbability(
  model: Pick<RouterModel, 'brandCalibration'>,
  signals: Pick<RouteSignals, 'brand'>,
): number {
  if (!model.brandCalibration) return signals.brand.confidence;
  return logisticProbability(model.brandCalibration, brandFeatures(signals.brand));
}

/** How far above its threshold a probability is, scaled to [0, 1], so two routes compare fairly. */
function margin(probability: number, threshold: number): number {
  return (probability - threshold) / Math.max(1e-9, 1 - threshold);
}

type Choice = Pick<RouteDecision, 'route' | 'reason'>;

/** A "not sure" is about something off topic when the topic detector finds that more likely. */
const OFF_TOPIC_PROBABILITY = 0.5;

/** The decision rule on plain numbers; shared by `decideRoute` and threshold fitting. */
export function chooseRoute(
  scores: { brand: number; knowledge: number; handoffRequest: number; offTopic?: number },
  thresholds: RouteThresholds,
): Choice {
  if (scores.handoffRequest >= thresholds.handoffRequest)
    return { route: 'handoff', reason: 'customer_asked' };
  // The brand model's confidence is closed-set: some intent always wins. A message more likely
  // about something else entirely gets no canned reply, however sure the intent looks.
  const offTopic = (scores.offTopic ?? 0) >= OFF_TOPIC_PROBABILITY;
  const brandOk = scores.brand >= thresholds.brand && !offTopic;
  const knowledgeOk = scores.knowledge >= thresholds.knowledge;
  if (
    brandOk &&
    (!knowledgeOk ||
      margin(scores.brand, thresholds.brand) >= margin(scores.knowledge, thresholds.knowledge))
  ) {
    return { route: 'brand', reason: 'brand_intent' };
  }
  if (knowledgeOk) return { route: 'knowledge', reason: 'knowledge_evidence' };
  // "Not sure" about a message more likely about something else than about the company.
  return { route: 'handoff', reason: offTopic ? 'out_of_scope' : 'low_confidence' };
}

/** Calibrated scores behind a decision: an explicit request for a human is its own signal. */
export function routeScores(
  model: Calibrations & Pick<RouterModel, 'handoffIntents'>,
  signals: RouteSignals,
): RouteScores {
  const asksForHuman = model.handoffIntents.includes(signals.brand.label);
  // A request for a person is one of the brand model's intents: as closed-set as the others.
  const known = brandProbability(model, signals);
  return {
    brand: asksForHuman ? 0 : known,
    brandIntent: signals.brand.label,
    knowledge: knowledgeProbability(model, signals),
    handoffRequest: asksForHuman ? known : 0,
    ...(signals.offTopic !== undefined ? { offTopic: signals.offTopic } : {}),
  };
}

/**
 * Decides brand, knowledge or handoff. An explicit request for a human wins; otherwise the route
 * whose calibrated probability clears its fitted threshold by the larger margin; when neither
 * clears, the honest outcome is "not sure": handoff with reason low_confidence.
 */
export function decideRoute(
  model: Calibrations & Pick<RouterModel, 'thresholds' | 'handoffIntents'>,
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

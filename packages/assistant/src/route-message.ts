import type {
  BrandVoiceModel,
  InboundMessage,
  IntentPrediction,
  Retrieval,
  Retriever,
  RouteDecision,
  Tracer,
  Turn,
} from '@switchboard/core';
import {
  type ActReading,
  type ClassifiedAct,
  readConversationAct,
  readLearnedAct,
  SMALL_TALK_MIN_CONFIDENCE,
  type SmallTalkClassifier,
} from './acts/conversation-acts.ts';
import { type FollowUpResolution, resolveFollowUp } from './followup.ts';
import { tracedClassify, tracedRetrieve } from './observe-reply.ts';
import { actDecision, decideRoute, type RouterModel } from './router/decide.ts';
import { lexicalSignals, type TopicDetector } from './router/features.ts';

/** What routing reads: the models and the router serving now. */
export interface RoutingParts {
  brandVoice: BrandVoiceModel;
  retriever: Retriever;
  router: RouterModel;
  smallTalk?: SmallTalkClassifier;
  topic?: TopicDetector;
  tracer: Tracer;
}

/** A message routed: where it goes, and the signals the answer is drafted from. */
export interface RoutedMessage {
  resolution: Pick<FollowUpResolution, 'query' | 'resolved'>;
  brand: IntentPrediction;
  retrieval: Retrieval;
  decision: RouteDecision;
}

/** The brand prediction of a message that was never classified (small talk). */
const NO_INTENT: IntentPrediction = { label: '', confidence: 0, ranked: [] };
/** What a message's own words support when nothing answers it. */
const NOT_SURE = { route: 'handoff', reason: 'low_confidence', confidence: 0 } as const;

/**
 * Greetings and politeness wrappers are peeled off first; a message the rules read as only a
 * conversation act ("hi", "ok thanks!") is small talk without classifying or searching anything.
 * Otherwise the (follow-up resolved) query is classified, searched and routed, and small talk
 * the classifier alone reads is weighed against that decision.
 */
export async function routeMessage(
  parts: RoutingParts,
  message: InboundMessage,
  history: readonly Turn[],
): Promise<RoutedMessage> {
  const { router } = parts;
  const reading = readConversationAct(message.text);
  if (reading.act) {
    const query = message.text;
    return {
      resolution: { query, resolved: false },
      brand: NO_INTENT,
      retrieval: { query, hits: [], evidence: 0 },
      decision: actDecision(router, reading.act),
    };
  }
  const resolution = resolveFollowUp(reading.remainder, history);
  const brand = tracedClassify(parts.tracer, parts.brandVoice, resolution.query);
  const retrieval = await tracedRetrieve(parts.tracer, parts.retriever, resolution.query);
  let decision = decideRoute(router, {
    brand,
    evidence: retrieval.evidence,
    lexical: lexicalSignals(retrieval),
    ...(parts.topic ? { offTopic: parts.topic.offTopicProbability(resolution.query) } : {}),
  });
  const learned = learnedAct(parts.smallTalk, reading, message.text);
  // A short message rewritten with the earlier topic ("spot on" → "spot on sensor pairing")
  // borrows that topic's confidence; small talk is weighed against its own words only.
  const borrowed = resolution.resolved && resolution.because === 'too_short';
  if (learned && smallTalkWins(learned, borrowed ? NOT_SURE : decision))
    decision = actDecision(router, learned.act);
  return { resolution, brand, retrieval, decision };
}

/**
 * How the small-talk classifier reads the message once greetings and wrappers are peeled off
 * (read whole, "Hello there. Can you tell me something about loans?" sounds like chit-chat), or
 * as typed when only an acknowledgement was peeled ("yes, the command was confirmed"),
 * whichever reads more like small talk.
 */
function learnedAct(
  smallTalk: SmallTalkClassifier | undefined,
  reading: ActReading,
  text: string,
): ClassifiedAct | undefined {
  const remainder = readLearnedAct(smallTalk, reading.remainder);
  const whole = reading.acknowledged ? readLearnedAct(smallTalk, text) : undefined;
  return whole && (!remainder || whole.probability > remainder.probability) ? whole : remainder;
}

/**
 * Small talk the rules did not name is weighed against the router: it must be sure on its own,
 * and against an answer (brand or docs) surer than the answer, so a real question worded like
 * small talk is still answered.
 */
function smallTalkWins(
  learned: ClassifiedAct,
  decision: Pick<RouteDecision, 'route' | 'reason' | 'confidence'>,
): boolean {
  if (learned.probability < SMALL_TALK_MIN_CONFIDENCE || decision.reason === 'customer_asked')
    return false;
  const answers = decision.route === 'brand' || decision.route === 'knowledge';
  return !answers || learned.probability > decision.confidence;
}

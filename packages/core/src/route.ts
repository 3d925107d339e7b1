/**
 * brand: an approved-reply intent; knowledge: answered from the docs; smalltalk: a conversation act
 * (greeting, thanks, "are you a bot?") answered briefly; handoff: a person, or an honest "not sure".
 */
export type RouteName = 'brand' | 'knowledge' | 'smalltalk' | 'handoff';

/** The numbers behind a routing decision, so every reply can explain itself. */
export interface RouteScores {
  /** Calibrated probability that the brand-voice model knows this query. */
  brand: number;
  brandIntent: string;
  /** Calibrated evidence that the docs cover this query. */
  knowledge: number;
  /** Probability that the customer asks for a human. */
  handoffRequest: number;
  /** Probability that the message is about something the company does not do (topic detector). */
  offTopic?: number;
}

export interface RouteThresholds {
  brand: number;
  knowledge: number;
  handoffRequest: number;
}

export interface RouteDecision {
  route: RouteName;
  /** Confidence in the chosen route, in [0, 1]. */
  confidence: number;
  /** Why this route: for handoff the reason code, otherwise the winning signal. */
  reason:
    | 'customer_asked'
    | 'low_confidence'
    | 'out_of_scope'
    | 'brand_intent'
    | 'knowledge_evidence'
    | 'conversation_act';
  /** For smalltalk: the conversation act (greeting, thanks, goodbye, bot_question, …). */
  act?: string;
  scores: RouteScores;
  thresholds: RouteThresholds;
}

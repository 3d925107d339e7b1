/**
 * Replies that refuse or deflect instead of answering. Kept small on purpose: each pattern is a
 * phrasing support models fall back to when they have nothing to say, and a false positive on a
 * real answer would punish a good model at the gate.
 */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  // "I can't help with that", "we are unable to assist", "I'm not able to answer".
  /\b(?:i|we)(?:\s+am|\s+are|'m|'re)?\s+(?:can(?:no|')t|cannot|not able to|unable to)\s+(?:help|assist|answer|do that|provide)/i,
  // "As an AI language model, …".
  /\bas an ai\b/i,
  // "I don't know", "I do not have that information".
  /\b(?:i|we) (?:don't|do not) (?:know|have (?:that|this|any) information)\b/i,
];

/** A short reply that only sends the customer elsewhere: "Please contact support." */
const DEFLECTION =
  /\b(?:contact|reach out to|get in touch with|call)\b.*\b(?:support|customer service|our team)\b/i;
/** Below this many words a "contact support" reply has no content of its own. */
const DEFLECTION_MAX_WORDS = 12;

/** True when the reply refuses (a pattern above) or is only a pointer to support. */
export function isRefusal(reply: string): boolean {
  if (REFUSAL_PATTERNS.some((pattern) => pattern.test(reply))) return true;
  const words = reply.trim().split(/\s+/).filter(Boolean).length;
  return words <= DEFLECTION_MAX_WORDS && DEFLECTION.test(reply);
}

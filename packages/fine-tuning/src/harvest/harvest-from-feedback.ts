import type { Feedback, FeedbackStore, Turn } from '@switchboard/core';
import type { HarvestCandidate, HarvestStore } from './harvest-types.ts';

export interface HarvestFromFeedbackDeps {
  /** The conversation store (assistant turns carry the `id` feedback refers to). */
  conversations: { load(conversationId: string): Promise<Turn[]> };
  store: HarvestStore;
  /** Labels the question with an intent (e.g. the active brand model's classifier). */
  classify?: (text: string) => { label: string; confidence: number } | undefined;
  /** Below this confidence the candidate gets no intent (the reviewer can still accept it). @defaultValue 0.5 */
  minIntentConfidence?: number;
}

/** Routes whose answers are worth learning from; a handoff message is not a brand reply. */
const HARVESTED_ROUTES = new Set<Turn['route']>(['brand', 'knowledge']);

/** "[1]" citation markers point at passages the training example does not carry. */
const stripCitations = (text: string) => text.replace(/\s?\[\d+\]/g, '');

/**
 * Turns a 👍 on a brand or knowledge answer into a pending candidate: the rated assistant turn
 * (found by its message id) is the answer, the user turn before it the question. Returns null
 * when there is nothing to harvest (a 👎, an expired conversation, a handoff message).
 */
export async function harvestFromFeedback(
  feedback: Feedback,
  deps: HarvestFromFeedbackDeps,
): Promise<HarvestCandidate | null> {
  if (feedback.rating !== 'up') return null;
  const turns = await deps.conversations.load(feedback.conversationId);
  const at = turns.findIndex((t) => t.role === 'assistant' && t.id === feedback.messageId);
  const answer = turns[at];
  if (!answer || !HARVESTED_ROUTES.has(answer.route)) return null;
  const asked = turns.slice(0, at).findLast((t) => t.role === 'user');
  if (!asked) return null;
  // The standalone form of a follow-up ("and for returns?") is what a single-turn example needs.
  const question = asked.resolvedQuery ?? asked.text;
  const predicted = deps.classify?.(question);
  const intent =
    predicted && predicted.confidence >= (deps.minIntentConfidence ?? 0.5)
      ? predicted.label
      : undefined;
  const { candidate } = await deps.store.add({
    source: 'thumbs_up',
    question,
    answer: stripCitations(answer.text).trim(),
    conversationId: feedback.conversationId,
    messageId: feedback.messageId,
    ...(intent ? { intent } : {}),
  });
  return candidate;
}

/**
 * A `FeedbackStore` that also harvests every 👍 into the review queue. Recording the feedback
 * comes first and never fails because harvesting did; harvest errors go to `onError`.
 */
export class HarvestingFeedbackStore implements FeedbackStore {
  readonly #inner: FeedbackStore;
  readonly #deps: HarvestFromFeedbackDeps;
  readonly #onError: (err: unknown) => void;

  constructor(
    inner: FeedbackStore,
    deps: HarvestFromFeedbackDeps & { onError?: (err: unknown) => void },
  ) {
    this.#inner = inner;
    this.#deps = deps;
    this.#onError = deps.onError ?? (() => {});
  }

  async record(feedback: Feedback): Promise<void> {
    await this.#inner.record(feedback);
    try {
      await harvestFromFeedback(feedback, this.#deps);
    } catch (err) {
      this.#onError(err);
    }
  }

  recent(limit?: number): Promise<Feedback[]> {
    return this.#inner.recent(limit);
  }
}

import type { Feedback, FeedbackStore, Turn } from '@switchboard/core';
import type { DocumentEvidence } from './document-evidence.ts';
import type { HarvestCandidate, HarvestStore } from './harvest-types.ts';

export interface HarvestFromFeedbackDeps {
  /** The conversation store (assistant turns carry the `id` feedback refers to). */
  conversations: { load(conversationId: string): Promise<Turn[]> };
  store: HarvestStore;
  /** Where a 👍 on a knowledge answer counts for the cited documents; left out, it counts nowhere. */
  evidence?: DocumentEvidence;
  /**
   * Only for brand answers stored before turns carried their intent: labels the question.
   * A turn's own `intent` always wins.
   */
  classify?: (text: string) => { label: string; confidence: number } | undefined;
  /** Below this confidence such a fallback label is dropped. @defaultValue 0.5 */
  minIntentConfidence?: number;
}

/** What a 👍 became: a brand-voice candidate, evidence for cited documents, or nothing. */
export type FeedbackHarvest =
  | { kind: 'candidate'; candidate: HarvestCandidate; created: boolean }
  | { kind: 'evidence'; docIds: string[]; counted: boolean }
  | null;

/** "[1]" citation markers point at passages the training example does not carry. */
const stripCitations = (text: string) => text.replace(/\s?\[\d+\]/g, '');

/**
 * What a 👍 teaches. Only a brand answer (an approved reply written for an intent) becomes a
 * brand-voice candidate, labelled with the intent it was answered under; the user turn before it
 * is the question. A knowledge answer is the help centre's words, not the brand voice: its 👍
 * counts as evidence for the documents it cited. Anything else (a 👎, small talk, a handoff
 * message, an expired conversation) teaches nothing here.
 */
export async function harvestFromFeedback(
  feedback: Feedback,
  deps: HarvestFromFeedbackDeps,
): Promise<FeedbackHarvest> {
  if (feedback.rating !== 'up') return null;
  const turns = await deps.conversations.load(feedback.conversationId);
  const at = turns.findIndex((t) => t.role === 'assistant' && t.id === feedback.messageId);
  const answer = turns[at];
  if (!answer) return null;
  if (answer.route === 'knowledge') {
    const documents = (answer.citations ?? []).map((c) => ({
      docId: c.docId,
      title: c.title,
      ...(c.url ? { url: c.url } : {}),
    }));
    if (!deps.evidence || documents.length === 0) return null;
    const counted = await deps.evidence.recordHelpful({
      conversationId: feedback.conversationId,
      messageId: feedback.messageId,
      documents,
      at: feedback.at,
    });
    return { kind: 'evidence', docIds: [...new Set(documents.map((d) => d.docId))], counted };
  }
  if (answer.route !== 'brand') return null;
  const asked = turns.slice(0, at).findLast((t) => t.role === 'user');
  if (!asked) return null;
  // The standalone form of a follow-up ("and for returns?") is what a single-turn example needs.
  const question = asked.resolvedQuery ?? asked.text;
  const intent = answer.intent ?? fallbackIntent(question, deps);
  const added = await deps.store.add({
    source: 'thumbs_up',
    question,
    answer: stripCitations(answer.text).trim(),
    conversationId: feedback.conversationId,
    messageId: feedback.messageId,
    ...(intent ? { intent } : {}),
  });
  return { kind: 'candidate', ...added };
}

function fallbackIntent(question: string, deps: HarvestFromFeedbackDeps): string | undefined {
  const predicted = deps.classify?.(question);
  return predicted && predicted.confidence >= (deps.minIntentConfidence ?? 0.5)
    ? predicted.label
    : undefined;
}

/**
 * A `FeedbackStore` that also learns from every 👍 (see `harvestFromFeedback`). Recording the
 * feedback comes first and never fails because learning did; those errors go to `onError`.
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

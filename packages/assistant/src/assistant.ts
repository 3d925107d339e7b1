import { randomUUID } from 'node:crypto';
import type {
  BrandVoiceModel,
  Citation,
  DocsGapLog,
  InboundMessage,
  IntentPrediction,
  Reply,
  ReplyEvent,
  Retrieval,
  Retriever,
  RouteDecision,
  Turn,
} from '@switchboard/core';
import { streamWithFallback } from '@switchboard/core';
import { citationFor, reconcileCitations } from './answer/citations.ts';
import { extractiveAnswer } from './answer/extractive.ts';
import { handoffRequestedText, refusalText, streamPieces } from './answer/messages.ts';
import { resolveFollowUp } from './followup.ts';
import type { ConversationStore } from './memory/conversation-store.ts';
import { decideRoute, type RouterModel } from './router/decide.ts';

export interface AssistantOptions {
  brandVoice: BrandVoiceModel;
  retriever: Retriever;
  router: RouterModel;
  memory: ConversationStore;
  /** Shown in handoff messages. @defaultValue 'our' */
  companyName?: string;
  /** Passages given to a generating model. @defaultValue 4 */
  groundingPassages?: number;
  /** Injected clock (epoch ms), for tests. @defaultValue Date.now */
  clock?: () => number;
  /** Where questions that ended in a handoff for lack of answers are listed (the docs-gap list). */
  gaps?: DocsGapLog;
  /** Message ids, injectable for tests. @defaultValue randomUUID */
  newId?: () => string;
}

interface Draft {
  pieces: AsyncIterable<string> | Iterable<string>;
  model: string;
  /** Turns the complete text into the final text and its citations. */
  finish: (text: string) => { text: string; citations: Citation[] };
}

const none = (text: string) => ({ text, citations: [] as Citation[] });

/**
 * The answer path: remember, resolve follow-ups, route, answer, remember again. Channels call
 * `stream` (or `reply`) and only render what comes back.
 */
export class Assistant {
  readonly #o: AssistantOptions;
  readonly #clock: () => number;

  constructor(options: AssistantOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
  }

  /** Runs the pipeline and collects the streamed reply. */
  async reply(message: InboundMessage, options?: { signal?: AbortSignal }): Promise<Reply> {
    for await (const event of this.stream(message, options)) {
      if (event.type === 'done') return event.reply;
    }
    throw new Error('assistant stream ended without a reply');
  }

  async *stream(
    message: InboundMessage,
    options?: { signal?: AbortSignal },
  ): AsyncGenerator<ReplyEvent> {
    const { memory, brandVoice, retriever, router } = this.#o;
    const history = await memory.load(message.conversationId);
    const resolution = resolveFollowUp(message.text, history);
    const brand = brandVoice.classify(resolution.query);
    const retrieval = await retriever.retrieve(resolution.query);
    const decision = decideRoute(router, { brand, evidence: retrieval.evidence });
    const messageId = (this.#o.newId ?? randomUUID)();
    yield {
      type: 'meta',
      conversationId: message.conversationId,
      messageId,
      decision,
      resolvedQuery: resolution.query,
    };

    const draft = this.#draft({
      message,
      history,
      decision,
      brand,
      retrieval,
      signal: options?.signal,
    });
    let full = '';
    for await (const piece of draft.pieces) {
      full += piece;
      yield { type: 'delta', text: piece };
    }
    const { text, citations } = draft.finish(full);
    const reply: Reply = {
      conversationId: message.conversationId,
      messageId,
      text,
      route: decision.route,
      confidence: decision.confidence,
      decision,
      citations,
      resolvedQuery: resolution.query,
      model: draft.model,
      ...(decision.route === 'handoff' ? { handoff: { reason: handoffReason(decision) } } : {}),
    };
    const now = this.#clock();
    const userTurn: Turn = { role: 'user', text: message.text, at: now, route: decision.route };
    if (resolution.resolved) userTurn.resolvedQuery = resolution.query;
    const assistantTurn: Turn = { role: 'assistant', text, at: now, route: decision.route };
    assistantTurn.id = messageId;
    if (citations.length > 0) assistantTurn.citations = citations;
    await memory.append(message.conversationId, [userTurn, assistantTurn]);
    if (reply.handoff && reply.handoff.reason !== 'customer_asked') {
      await this.#o.gaps?.record({
        conversationId: message.conversationId,
        question: resolution.query,
        reason: reply.handoff.reason,
        channel: message.channel,
        at: now,
      });
    }
    yield { type: 'done', reply };
  }

  #draft(input: {
    message: InboundMessage;
    history: Turn[];
    decision: RouteDecision;
    brand: IntentPrediction;
    retrieval: Retrieval;
    signal: AbortSignal | undefined;
  }): Draft {
    const { decision, brand, retrieval, message, history, signal } = input;
    const { brandVoice } = this.#o;
    if (decision.route === 'brand') {
      return {
        pieces: brandVoice.respond(
          {
            text: message.text,
            intent: brand,
            history: history.map(({ role, text }) => ({ role, text })),
          },
          { signal },
        ),
        model: brandVoice.id,
        finish: none,
      };
    }
    if (decision.route === 'handoff') {
      const text =
        decision.reason === 'customer_asked'
          ? handoffRequestedText(this.#o.companyName ?? 'our')
          : refusalText();
      return { pieces: streamPieces(text), model: 'switchboard:fixed', finish: none };
    }
    const passages = retrieval.hits.slice(0, this.#o.groundingPassages ?? 4);
    const extractive = extractiveAnswer(retrieval.query, retrieval.hits);
    const offline: Draft = {
      pieces: streamPieces(extractive.text),
      model: 'switchboard:extractive',
      finish: () => extractive,
    };
    if (!brandVoice.groundedAnswer) return offline;
    const generated = brandVoice.groundedAnswer(
      {
        question: retrieval.query,
        passages: passages.map((h, i) => ({
          index: i + 1,
          title: h.chunk.title,
          text: h.chunk.text,
        })),
      },
      { signal },
    );
    // If the model is down before it says anything, the extractive answer stands in for it.
    const draft: Draft = {
      model: brandVoice.id,
      finish: (text) => withSources(reconcileCitations(text, passages), passages),
      pieces: streamWithFallback(generated, () => offline.pieces, {
        ...(signal ? { signal } : {}),
        onFallback: () => {
          draft.model = offline.model;
          draft.finish = offline.finish;
        },
      }),
    };
    return draft;
  }
}

function handoffReason(decision: RouteDecision): NonNullable<Reply['handoff']>['reason'] {
  if (decision.reason === 'customer_asked') return 'customer_asked';
  return decision.scores.knowledge >= decision.scores.brand ? 'no_docs' : 'low_confidence';
}

/** A generated answer that cited nothing still names what it was grounded on. */
function withSources(
  answer: { text: string; citations: Citation[] },
  passages: Retrieval['hits'],
): { text: string; citations: Citation[] } {
  if (answer.citations.length > 0 || passages.length === 0) return answer;
  const citations = passages.slice(0, 2).map((hit, i) => citationFor(hit, i + 1));
  return {
    text: `${answer.text}\n\nSources: ${citations.map((c) => `[${c.index}]`).join(' ')}`,
    citations,
  };
}

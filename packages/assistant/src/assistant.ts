import { randomUUID } from 'node:crypto';
import type {
  BrandVoiceModel,
  Citation,
  CompanyProfile,
  DegradedReason,
  DocsGapLog,
  InboundMessage,
  IntentPrediction,
  Metrics,
  Reply,
  ReplyEvent,
  Retrieval,
  Retriever,
  RouteDecision,
  Tracer,
  Turn,
} from '@switchboard/core';
import { noMetrics, noTracer, streamWithFallback } from '@switchboard/core';
import { actReply } from './acts/act-replies.ts';
import type { ConversationAct, SmallTalkClassifier } from './acts/conversation-acts.ts';
import { citationFor, reconcileCitations } from './answer/citations.ts';
import { extractiveAnswer } from './answer/extractive.ts';
import {
  handoffRequestedText,
  outOfScopeText,
  refusalText,
  streamPieces,
} from './answer/messages.ts';
import { restartableReply } from './answer/restartable-reply.ts';
import type { ConversationGate, HeldReply } from './handoff/gate.ts';
import type { ConversationStore } from './memory/conversation-store.ts';
import { unlessRedisDown } from './memory/unless-redis-down.ts';
import { observedReply } from './observe-reply.ts';
import { routeMessage } from './route-message.ts';
import type { RouterModel } from './router/decide.ts';
import type { TopicDetector } from './router/features.ts';

export interface AssistantOptions {
  brandVoice: BrandVoiceModel;
  retriever: Retriever;
  router: RouterModel;
  memory: ConversationStore;
  /** Shown in handoff messages. @defaultValue 'our' */
  companyName?: string;
  /**
   * True when a handoff target delivers conversations to people; only then does the handoff
   * reply promise that someone will come. @defaultValue false
   */
  peopleAvailable?: boolean;
  /** Company facts: their contact details are given when nobody can be brought in. */
  profile?: CompanyProfile;
  /** Passages given to a generating model. @defaultValue 4 */
  groundingPassages?: number;
  /** Injected clock (epoch ms), for tests. @defaultValue Date.now */
  clock?: () => number;
  /** Where questions that ended in a handoff for lack of answers are listed (the docs-gap list). */
  gaps?: DocsGapLog;
  /** Reads conversation acts the rules do not name; without one, only the rules do. */
  smallTalk?: SmallTalkClassifier;
  /** Reads how far a message is from the company's topics; needed by a `topicAware` router. */
  topic?: TopicDetector;
  /** Message ids, injectable for tests. @defaultValue randomUUID */
  newId?: () => string;
  /**
   * Why the process currently answers in a degraded state (e.g. `knowledge_syncing` while the
   * index is rebuilt at start-up); added to every reply's `degraded` reasons. @defaultValue none
   */
  conditions?: () => readonly DegradedReason[];
  /** Counts every reply by route and channel. @defaultValue counts nothing */
  metrics?: Metrics;
  /** Times the reply and its steps (classification, retrieval, the LLM). @defaultValue none */
  tracer?: Tracer;
  /**
   * The handoff loop: while a person holds a conversation the assistant answers nothing (the
   * message is kept and passed on), and "I want a person" in words brings one in. @defaultValue none
   */
  gate?: ConversationGate;
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
  #o: AssistantOptions;
  readonly #clock: () => number;

  constructor(options: AssistantOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * Routes with `router` (and the topic detector fitted with it) from the next message on: a
   * router refitted on a re-synced index.
   */
  useRouter(router: RouterModel, topic?: TopicDetector): void {
    this.#o = { ...this.#o, router, ...(topic ? { topic } : {}) };
  }

  /** Runs the pipeline and collects the streamed reply. */
  async reply(message: InboundMessage, options?: { signal?: AbortSignal }): Promise<Reply> {
    for await (const event of this.stream(message, options)) {
      if (event.type === 'done') return event.reply;
    }
    throw new Error('assistant stream ended without a reply');
  }

  stream(message: InboundMessage, options?: { signal?: AbortSignal }): AsyncGenerator<ReplyEvent> {
    const observers = { tracer: this.#tracer, metrics: this.#o.metrics ?? noMetrics };
    const gate = this.#o.gate;
    // The history is read while the gate checks whether a person holds the conversation: two
    // Redis reads in one round trip (a held message never uses it).
    const history = gate ? this.#o.memory.load(message.conversationId) : undefined;
    history?.catch(() => {}); // read (and reported) by #answer, or unused when held
    const answer = () => observedReply(observers, message, this.#answer(message, options, history));
    return gate ? this.#gated(gate, message, answer) : answer();
  }

  /** The answer unless a person holds the conversation; a request for a person brings one in. */
  async *#gated(
    gate: ConversationGate,
    message: InboundMessage,
    answer: () => AsyncGenerator<ReplyEvent>,
  ): AsyncGenerator<ReplyEvent> {
    // Redis down: nobody can be holding what cannot be read, so the assistant answers.
    const held = await unlessRedisDown(
      () => gate.hold(message),
      null,
      () => {},
    );
    if (held) {
      yield* this.#held(message, held);
      return;
    }
    for await (const event of answer()) {
      const handoff = event.type === 'done' ? event.reply.handoff : undefined;
      // The reply promised a person only when one can come: make the promise true.
      if (handoff?.reason === 'customer_asked' && this.#o.peopleAvailable)
        handoff.mode = await unlessRedisDown(
          () => gate.askedForPerson(message),
          'bot',
          () => {},
        );
      yield event;
    }
  }

  async *#held(message: InboundMessage, held: HeldReply): AsyncGenerator<ReplyEvent> {
    const messageId = (this.#o.newId ?? randomUUID)();
    const decision: RouteDecision = {
      route: 'handoff',
      confidence: 1,
      reason: 'customer_asked',
      scores: { brand: 0, brandIntent: '', knowledge: 0, handoffRequest: 1 },
      thresholds: this.#o.router.thresholds,
    };
    const marker = { mode: held.mode };
    const { conversationId } = message;
    yield {
      type: 'meta',
      conversationId,
      messageId,
      decision,
      resolvedQuery: message.text,
      held: marker,
    };
    if (held.text) yield { type: 'delta', text: held.text };
    yield {
      type: 'done',
      reply: {
        conversationId,
        messageId,
        text: held.text,
        route: 'handoff',
        confidence: 1,
        decision,
        citations: [],
        resolvedQuery: message.text,
        model: 'switchboard:handoff',
        held: marker,
      },
    };
  }

  get #tracer(): Tracer {
    return this.#o.tracer ?? noTracer;
  }

  async *#answer(
    message: InboundMessage,
    options?: { signal?: AbortSignal },
    prefetched?: Promise<Turn[]>,
  ): AsyncGenerator<ReplyEvent> {
    const { memory } = this.#o;
    // Redis down: answer without the history (and without remembering), and say so in the reply.
    const degraded = new Set<DegradedReason>(this.#o.conditions?.() ?? []);
    const memoryDown = () => degraded.add('memory_unavailable');
    const history = await unlessRedisDown(
      () => prefetched ?? memory.load(message.conversationId),
      [],
      memoryDown,
    );
    const { resolution, brand, retrieval, decision } = await routeMessage(
      { ...this.#o, tracer: this.#tracer },
      message,
      history,
    );
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
    assistantTurn.confidence = decision.confidence;
    if (reply.handoff) assistantTurn.handoffReason = reply.handoff.reason;
    if (citations.length > 0) assistantTurn.citations = citations;
    if (decision.route === 'brand' && brand.label) assistantTurn.intent = brand.label;
    if (!degraded.has('memory_unavailable'))
      await unlessRedisDown(
        () =>
          memory.append(message.conversationId, [userTurn, assistantTurn], {
            channel: message.channel,
            ...(message.userId ? { userId: message.userId } : {}),
          }),
        undefined,
        memoryDown,
      );
    const gaps = degraded.has('memory_unavailable') ? undefined : this.#o.gaps;
    const reason = reply.handoff?.reason;
    // A docs gap is a question the docs should answer: not a request for a person, and not a
    // message about something the company does not do ("what's on tv").
    if (reason && reason !== 'customer_asked' && reason !== 'out_of_scope' && gaps) {
      const gap = {
        conversationId: message.conversationId,
        question: resolution.query,
        reason,
        channel: message.channel,
        at: now,
      };
      await unlessRedisDown(() => gaps.record(gap), undefined, memoryDown);
    }
    if (degraded.size > 0) reply.degraded = { reasons: [...degraded] };
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
      const reply = restartableReply();
      return {
        pieces: reply.track(
          brandVoice.respond(
            {
              text: message.text,
              intent: brand,
              // An agent's words during a handoff were the company speaking, as the assistant's are.
              history: history.map(({ role, text }) => ({
                role: role === 'user' ? ('user' as const) : ('assistant' as const),
                text,
              })),
            },
            { ...(signal ? { signal } : {}), onRestart: reply.onRestart },
          ),
        ),
        model: brandVoice.id,
        finish: (text) => none(reply.finish(text)),
      };
    }
    if (decision.route === 'smalltalk') {
      const lastAnswer = [...history].reverse().find((t) => t.role === 'assistant')?.text;
      const text = actReply((decision.act ?? 'chitchat') as ConversationAct, {
        ...(this.#o.companyName ? { companyName: this.#o.companyName } : {}),
        ...(lastAnswer ? { lastAnswer } : {}),
      });
      return { pieces: streamPieces(text), model: 'switchboard:fixed', finish: none };
    }
    if (decision.route === 'handoff') {
      // Without a handoff target nobody will come: the reply gives the team's contact details.
      const wording = {
        companyName: this.#o.companyName ?? 'our',
        peopleAvailable: this.#o.peopleAvailable ?? false,
        ...(this.#o.profile ? { profile: this.#o.profile } : {}),
      };
      const text =
        decision.reason === 'customer_asked'
          ? handoffRequestedText(wording)
          : decision.reason === 'out_of_scope'
            ? outOfScopeText(wording)
            : refusalText(wording);
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
    // If the model fails or runs out of time, the extractive answer stands in for it.
    const draft: Draft = {
      model: brandVoice.id,
      finish: (text) => withSources(reconcileCitations(text, passages), passages),
      // Also when it stalls mid-answer: the extractive answer, with its own citations, replaces
      // the abandoned start as the final text (the customer saw it stream, then the fallback).
      pieces: streamWithFallback(generated, () => offline.pieces, {
        ...(signal ? { signal } : {}),
        midStream: true,
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
  if (decision.reason === 'customer_asked' || decision.reason === 'out_of_scope')
    return decision.reason;
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

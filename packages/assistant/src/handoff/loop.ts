import { randomUUID } from 'node:crypto';
import type {
  AgentMessage,
  ChannelName,
  ConversationMode,
  CustomerDelivery,
  CustomerEvent,
  HandoffActor,
  HandoffAgent,
  HandoffLink,
  HandoffRelay,
  HandoffState,
  InboundMessage,
  Turn,
} from '@switchboard/core';
import type { ConversationStore } from '../memory/conversation-store.ts';
import type { HandoffRequest, HandoffService } from '../support/handoff.ts';
import type { ConversationGate, HeldReply } from './gate.ts';
import type { HandoffStateStore, StoredHandoff } from './state-store.ts';
import { backToBotText, isBackToBotCommand, type LoopWording, passedOnText } from './wording.ts';

/** What an agent's reply gives the learning loop (the shape `harvestAgentReply` takes). */
export interface AgentReplyForReview {
  ticketId: string;
  conversationId: string;
  question: string;
  answer: string;
  agent?: string;
}

export interface HandoffLoopOptions {
  service: HandoffService;
  states: HandoffStateStore;
  memory: ConversationStore;
  /** How long a hold lasts without an agent's word before the bot takes over again (ms). */
  timeoutMs: number;
  wording?: LoopWording;
  /** Every agent message, for review as a training candidate (unless the caller harvested it). */
  onAgentReply?: (reply: AgentReplyForReview) => Promise<unknown>;
  /** A delivery or relay that failed (the rest of the loop went on). @defaultValue ignored */
  onError?: (what: string, error: unknown) => void;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/** What a handoff request came to. */
export interface LoopRequestResult {
  /** The state now (null: no target took it and there was none before). */
  state: HandoffState | null;
  /** True when a person had already been asked for: no new ticket was made. */
  already: boolean;
  delivered: string[];
  failed: Array<{ target: string; message: string }>;
  ticketId?: string;
}

/** Who an agent's action is about: our conversation id, or the target's own reference to it. */
export type ConversationRef = { conversationId: string } | { link: HandoffLink };

/**
 * The handoff as a loop: a request puts the conversation in `waiting`; an agent's message puts it
 * in `agent`, is kept as an `agent` turn and reaches the customer in their channel; while a
 * person holds it the assistant answers nothing (the customer's messages are kept and passed on
 * to the targets); it goes back to `bot` when the agent or the customer says so, or after
 * `timeoutMs` without a word from the team.
 */
export class HandoffLoop implements ConversationGate {
  readonly #o: HandoffLoopOptions;
  readonly #clock: () => number;
  readonly #deliveries = new Map<ChannelName, CustomerDelivery>();

  constructor(options: HandoffLoopOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
  }

  /** Names of the targets tickets go to (empty: nobody can be brought in). */
  get targets(): string[] {
    return this.#o.service.targets;
  }

  /** Where customers of `delivery.channel` are told what agents do (channels register at start). */
  deliverTo(delivery: CustomerDelivery): void {
    this.#deliveries.set(delivery.channel, delivery);
  }

  async state(conversationId: string): Promise<HandoffState | null> {
    return (await this.#o.states.get(conversationId))?.state ?? null;
  }

  list(filter?: { mode?: ConversationMode; limit?: number }): Promise<HandoffState[]> {
    return this.#o.states.list(filter);
  }

  /** Brings people in, once: asked again while they are, it answers the state it is in. */
  async request(request: HandoffRequest & { by?: HandoffActor }): Promise<LoopRequestResult> {
    const now = this.#clock();
    const stored = await this.#o.states.get(request.conversationId);
    if (stored && stored.state.mode !== 'bot' && !this.#expired(stored.state, now)) {
      const { state } = stored;
      return {
        state,
        already: true,
        delivered: (state.links ?? []).map((l) => l.target),
        failed: [],
        ...(state.ticketId ? { ticketId: state.ticketId } : {}),
      };
    }
    const result = await this.#o.service.request(request);
    const base = { already: false, failed: result.failed, ticketId: result.ticket.id };
    // A hold that timed out unnoticed (no sweep yet) ends in the history before the new one.
    const history = stored?.state.history ?? [];
    const lapsed = stored && stored.state.mode !== 'bot';
    if (result.delivered.length === 0)
      return { ...base, state: stored?.state ?? null, delivered: [] };
    const { reason, channel, conversationId } = request;
    const state: HandoffState = {
      conversationId,
      channel,
      mode: 'waiting',
      reason,
      ticketId: result.ticket.id,
      ...(result.delivered[0] ? { target: result.delivered[0] } : {}),
      links: result.links,
      since: now,
      expiresAt: now + this.#o.timeoutMs,
      history: [
        ...history,
        ...(lapsed ? [{ mode: 'bot' as const, at: now, by: 'timeout' as const }] : []),
        { mode: 'waiting', at: now, by: request.by ?? 'customer' },
      ],
    };
    await this.#o.states.put({ state });
    return { ...base, state, delivered: result.delivered };
  }

  /**
   * An agent's message: kept as an `agent` turn, the conversation in `agent` mode, delivered to
   * the customer. Unknown conversations (never handed off, or expired) answer `delivered: false`.
   */
  async agentMessage(
    input: ConversationRef & { text: string; agent: HandoffAgent },
    options: { harvest?: boolean } = {},
  ): Promise<{ delivered: boolean; state: HandoffState | null; message?: AgentMessage }> {
    const stored = await this.#find(input);
    if (!stored) return { delivered: false, state: null };
    const now = this.#clock();
    const joined = stored.state.mode !== 'agent';
    const state = this.#moved(stored.state, 'agent', 'agent', now, joined);
    state.agent = input.agent;
    state.expiresAt = now + this.#o.timeoutMs;
    const message: AgentMessage = {
      id: randomUUID(),
      conversationId: state.conversationId,
      text: input.text,
      agent: input.agent,
      at: now,
    };
    const turn: Turn = { role: 'agent', text: input.text, at: now, id: message.id };
    turn.agent = input.agent;
    const history = await this.#o.memory.load(state.conversationId);
    await this.#o.memory.append(state.conversationId, [turn]);
    await this.#o.states.put({ ...stored, state });
    if (joined) await this.#tell(state, { type: 'state', state });
    const delivered = await this.#tell(state, { type: 'agent_message', message });
    if (options.harvest !== false) await this.#review(state, history, input);
    return { delivered, state, message };
  }

  /** Ends a hold: the conversation goes back to the bot, with a line telling the customer. */
  async handBack(
    input: ConversationRef & { by: HandoffActor; agent?: HandoffAgent },
  ): Promise<{ state: HandoffState; text: string } | null> {
    const stored = await this.#find(input);
    if (!stored || stored.state.mode === 'bot') return null;
    return this.#handBack(stored, input.by, input.agent);
  }

  /** Hands back every conversation whose hold expired; answers how many (the runtime's sweep). */
  async expireDue(): Promise<number> {
    const now = this.#clock();
    let count = 0;
    for (const id of await this.#o.states.claimExpired(now)) {
      const stored = await this.#o.states.get(id);
      if (!stored || stored.state.mode === 'bot') continue;
      // An agent wrote since the deadline was read: the hold goes on (its new deadline is set).
      if (!this.#expired(stored.state, now)) {
        await this.#o.states.put(stored);
        continue;
      }
      await this.#handBack(stored, 'timeout');
      count++;
    }
    return count;
  }

  async hold(message: InboundMessage): Promise<HeldReply | null> {
    const stored = await this.#o.states.get(message.conversationId);
    if (!stored || stored.state.mode === 'bot') return null;
    const now = this.#clock();
    if (this.#expired(stored.state, now)) {
      await this.#handBack(stored, 'timeout');
      return null;
    }
    if (isBackToBotCommand(message.text)) {
      await this.#o.memory.append(message.conversationId, [
        { role: 'user', text: message.text, at: now },
      ]);
      const back = await this.#handBack(stored, 'customer');
      return { mode: 'bot', text: back.text };
    }
    const { state } = stored;
    // One notice per hold, while nobody has answered yet: no noise after every message. (A
    // claim, not a rewrite of the state: an agent's message may be changing it right now.)
    const notice =
      state.mode === 'waiting' &&
      (await this.#o.states.claimNotice(state.conversationId, state.since))
        ? passedOnText()
        : '';
    const turns: Turn[] = [{ role: 'user', text: message.text, at: now }];
    if (notice) turns.push({ role: 'assistant', text: notice, at: now, route: 'handoff' });
    await this.#o.memory.append(message.conversationId, turns);
    await this.#relay(state, {
      type: 'customer_message',
      conversationId: state.conversationId,
      ...(state.ticketId ? { ticketId: state.ticketId } : {}),
      text: message.text,
      at: now,
    });
    return { mode: state.mode, text: notice };
  }

  async askedForPerson(message: InboundMessage): Promise<ConversationMode> {
    if (this.targets.length === 0) return 'bot';
    const result = await this.request({
      conversationId: message.conversationId,
      reason: 'customer_asked',
      channel: message.channel,
      ...(message.userId ? { customer: { id: message.userId } } : {}),
    });
    return result.state?.mode ?? 'bot';
  }

  async #find(ref: ConversationRef): Promise<StoredHandoff | null> {
    const id = 'conversationId' in ref ? ref.conversationId : await this.#o.states.byLink(ref.link);
    return id ? this.#o.states.get(id) : null;
  }

  #expired(state: HandoffState, now: number): boolean {
    return state.mode !== 'bot' && state.expiresAt !== undefined && state.expiresAt <= now;
  }

  /** The state in `mode` from `now`, the change recorded in its history (when it is one). */
  #moved(
    state: HandoffState,
    mode: ConversationMode,
    by: HandoffActor,
    now: number,
    changed = state.mode !== mode,
  ): HandoffState {
    if (!changed) return { ...state };
    return { ...state, mode, since: now, history: [...state.history, { mode, at: now, by }] };
  }

  async #handBack(
    stored: StoredHandoff,
    by: HandoffActor,
    agent?: HandoffAgent,
  ): Promise<{ state: HandoffState; text: string }> {
    const now = this.#clock();
    const { expiresAt: _ended, ...rest } = this.#moved(stored.state, 'bot', by, now);
    const state: HandoffState = rest;
    const text = backToBotText(by, this.#o.wording);
    await this.#o.states.put({ state });
    await this.#o.memory.append(state.conversationId, [
      { role: 'assistant', text, at: now, route: 'handoff' },
    ]);
    // The customer's own "back to the bot" is answered where they asked; the rest is told.
    if (by !== 'customer') await this.#tell(state, { type: 'state', state, text });
    else await this.#tell(state, { type: 'state', state }, ['web']);
    await this.#relay(
      state,
      {
        type: 'handed_back',
        conversationId: state.conversationId,
        ...(state.ticketId ? { ticketId: state.ticketId } : {}),
        by,
        at: now,
      },
      by === 'agent' ? agent?.via : undefined,
    );
    return { state, text };
  }

  /** Delivers to the customer's channel; `only` limits which channels hear of it. */
  async #tell(state: HandoffState, event: CustomerEvent, only?: ChannelName[]): Promise<boolean> {
    if (only && !only.includes(state.channel)) return false;
    const delivery = this.#deliveries.get(state.channel);
    if (!delivery) return false;
    try {
      await delivery.deliver(state.conversationId, event);
      return true;
    } catch (error) {
      this.#o.onError?.(`delivering to the ${state.channel} customer`, error);
      return false;
    }
  }

  /** Tells every target that took the ticket (but `except`, the one the news came from). */
  async #relay(state: HandoffState, event: HandoffRelay, except?: string): Promise<void> {
    for (const link of state.links ?? []) {
      if (link.target === except) continue;
      const target = this.#o.service.target(link.target);
      if (!target?.relay) continue;
      try {
        await target.relay({ ...event, ref: link.ref });
      } catch (error) {
        this.#o.onError?.(`relaying to ${link.target}`, error);
      }
    }
  }

  /** An agent's answer to the customer's last message, queued for review as a training candidate. */
  async #review(
    state: HandoffState,
    history: Turn[],
    input: { text: string; agent: HandoffAgent },
  ): Promise<void> {
    const question = [...history].reverse().find((t) => t.role === 'user')?.text;
    if (!this.#o.onAgentReply || !question || !state.ticketId) return;
    const name = input.agent.name ?? input.agent.id;
    try {
      await this.#o.onAgentReply({
        ticketId: state.ticketId,
        conversationId: state.conversationId,
        question,
        answer: input.text,
        ...(name ? { agent: name } : {}),
      });
    } catch (error) {
      this.#o.onError?.('queueing the agent reply for review', error);
    }
  }
}

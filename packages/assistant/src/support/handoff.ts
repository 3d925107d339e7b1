import { randomUUID } from 'node:crypto';
import type { ChannelName, HandoffReason, HandoffTarget, HandoffTicket } from '@switchboard/core';
import type { ConversationStore } from '../memory/conversation-store.ts';

export interface HandoffRequest {
  conversationId: string;
  reason: HandoffReason;
  channel: ChannelName;
  customer?: HandoffTicket['customer'];
}

export interface HandoffResult {
  ticket: HandoffTicket;
  /** Names of the targets that accepted the ticket. */
  delivered: string[];
  /** Targets that failed, with why; the others still got the ticket. */
  failed: Array<{ target: string; message: string }>;
}

export interface HandoffServiceOptions {
  memory: ConversationStore;
  targets: HandoffTarget[];
  /** @defaultValue Date.now */
  clock?: () => number;
}

/**
 * Hands a conversation to people: builds the ticket (reason + transcript) and delivers it to
 * every configured target. One failing target never stops the others.
 */
export class HandoffService {
  readonly #o: HandoffServiceOptions;

  constructor(options: HandoffServiceOptions) {
    this.#o = options;
  }

  /** Names of the configured targets (empty: tickets are only returned, e.g. to the widget). */
  get targets(): string[] {
    return this.#o.targets.map((t) => t.name);
  }

  async request(request: HandoffRequest): Promise<HandoffResult> {
    const ticket: HandoffTicket = {
      id: randomUUID(),
      conversationId: request.conversationId,
      reason: request.reason,
      channel: request.channel,
      transcript: await this.#o.memory.load(request.conversationId),
      ...(request.customer ? { customer: request.customer } : {}),
      at: (this.#o.clock ?? Date.now)(),
    };
    const outcomes = await Promise.allSettled(this.#o.targets.map((t) => t.deliver(ticket)));
    const result: HandoffResult = { ticket, delivered: [], failed: [] };
    outcomes.forEach((outcome, i) => {
      const name = this.#o.targets[i]?.name ?? `target-${i}`;
      if (outcome.status === 'fulfilled') result.delivered.push(name);
      else {
        const { reason } = outcome;
        result.failed.push({
          target: name,
          message: reason instanceof Error ? reason.message : String(reason),
        });
      }
    });
    return result;
  }
}

import { randomUUID } from 'node:crypto';
import {
  type ChannelName,
  type HandoffLink,
  type HandoffReason,
  type HandoffTarget,
  type HandoffTicket,
  type Metrics,
  noMetrics,
} from '@switchboard/core';
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
  /**
   * Every accepting target with its reference to the ticket (a Slack thread, a helpdesk
   * conversation; the ticket id for targets that keep none).
   */
  links: HandoffLink[];
}

export interface HandoffServiceOptions {
  memory: ConversationStore;
  targets: HandoffTarget[];
  /** @defaultValue Date.now */
  clock?: () => number;
  /** Counts every ticket by reason, channel and whether a target took it. @defaultValue none */
  metrics?: Metrics;
  /** Told of every ticket once delivery was tried (the conversation index records it). */
  onTicket?: (ticket: HandoffTicket) => Promise<void>;
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

  /** The configured target called `name`, e.g. to relay what the customer wrote next. */
  target(name: string): HandoffTarget | undefined {
    return this.#o.targets.find((t) => t.name === name);
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
    const result: HandoffResult = { ticket, delivered: [], failed: [], links: [] };
    outcomes.forEach((outcome, i) => {
      const name = this.#o.targets[i]?.name ?? `target-${i}`;
      if (outcome.status === 'fulfilled') {
        result.delivered.push(name);
        // A target that keeps no reference of its own is reached by the ticket id.
        result.links.push({ target: name, ref: outcome.value?.ref ?? ticket.id });
      } else {
        const { reason } = outcome;
        result.failed.push({
          target: name,
          message: reason instanceof Error ? reason.message : String(reason),
        });
      }
    });
    await this.#o.onTicket?.(ticket);
    (this.#o.metrics ?? noMetrics).handedOff({
      reason: ticket.reason,
      channel: ticket.channel,
      delivered: result.delivered.length > 0,
    });
    return result;
  }
}

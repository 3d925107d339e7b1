import type { CustomerDelivery, CustomerEvent } from '@switchboard/core';
import type { Redis } from 'ioredis';

export type CustomerEventListener = (event: CustomerEvent) => void;

export interface RedisLiveEventsOptions {
  /** Publishes (the shared connection). */
  redis: Pick<Redis, 'publish'>;
  /**
   * Makes the connection that subscribes (a subscribed connection can do nothing else), e.g.
   * `() => redis.duplicate()`; made on the first subscription.
   */
  subscriber: () => Redis;
  /** The pub/sub channel, e.g. `switchboard:handoff-events`. */
  channel: string;
}

interface Envelope {
  conversationId: string;
  event: CustomerEvent;
}

/**
 * The widget's side of the handoff loop: events for web conversations are published on one Redis
 * channel, so whichever server process holds a widget's live connection hears what an agent did
 * through another (a Slack event, a Chatwoot webhook). Listeners are kept per conversation.
 */
export class RedisLiveEvents implements CustomerDelivery {
  readonly channel = 'web' as const;
  readonly #o: RedisLiveEventsOptions;
  readonly #listeners = new Map<string, Set<CustomerEventListener>>();
  #subscriber: Promise<Redis> | undefined;

  constructor(options: RedisLiveEventsOptions) {
    this.#o = options;
  }

  async deliver(conversationId: string, event: CustomerEvent): Promise<void> {
    const envelope: Envelope = { conversationId, event };
    await this.#o.redis.publish(this.#o.channel, JSON.stringify(envelope));
  }

  /** Calls `listener` with every event of the conversation until the returned function is called. */
  async subscribe(conversationId: string, listener: CustomerEventListener): Promise<() => void> {
    await this.#connect();
    let set = this.#listeners.get(conversationId);
    if (!set) {
      set = new Set();
      this.#listeners.set(conversationId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(conversationId);
    };
  }

  async close(): Promise<void> {
    const subscriber = await this.#subscriber?.catch(() => undefined);
    subscriber?.disconnect();
    this.#listeners.clear();
  }

  #connect(): Promise<Redis> {
    this.#subscriber ??= (async () => {
      const subscriber = this.#o.subscriber();
      subscriber.on('message', (channel: string, raw: string) => {
        if (channel === this.#o.channel) this.#dispatch(raw);
      });
      if (subscriber.status === 'wait') await subscriber.connect();
      await subscriber.subscribe(this.#o.channel);
      return subscriber;
    })().catch((error: unknown) => {
      this.#subscriber = undefined;
      throw error;
    });
    return this.#subscriber;
  }

  #dispatch(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return; // Not ours: nothing to tell anyone.
    }
    const listeners = this.#listeners.get(envelope.conversationId);
    for (const listener of listeners ?? []) listener(envelope.event);
  }
}

import type { ConversationMode, HandoffLink, HandoffState } from '@switchboard/core';
import { withRedisErrors } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';

/** A state as kept. */
export interface StoredHandoff {
  state: HandoffState;
}

/** Where handoff states live (one per conversation), found by conversation or by a target's link. */
export interface HandoffStateStore {
  get(conversationId: string): Promise<StoredHandoff | null>;
  put(stored: StoredHandoff): Promise<void>;
  /** The conversation a target's reference (a Slack thread, a Chatwoot conversation) stands for. */
  byLink(link: HandoffLink): Promise<string | null>;
  /** Newest change first; `mode` keeps only those in that mode. */
  list(filter?: { mode?: ConversationMode; limit?: number }): Promise<HandoffState[]>;
  /**
   * `true` the first time for a hold (a conversation and the start of its current mode): the
   * customer is told once that their message was passed on, however many processes answer.
   */
  claimNotice(conversationId: string, since: number): Promise<boolean>;
  /** Conversations whose hold expired by `now`, each answered to one caller only (a claim). */
  claimExpired(now: number): Promise<string[]>;
  /** Erases conversations' states (a customer's data deleted on request). */
  remove(conversationIds: Iterable<string>): Promise<number>;
}

export interface RedisHandoffStateStoreOptions {
  redis: Redis;
  /** Key prefix, e.g. `switchboard:handoff:`. */
  prefix: string;
  /** Seconds a state outlives its last change: the conversation retention period. */
  ttlSeconds: number;
}

const MAX_LIST = 500;

/**
 * Handoff states in Redis: a JSON value per conversation (retained like the conversation), a key
 * per target link pointing back at the conversation, a sorted set of conversations by last change
 * (the admin list) and one of held conversations by deadline (the timeout sweep).
 */
export class RedisHandoffStateStore implements HandoffStateStore {
  readonly #o: RedisHandoffStateStoreOptions;

  constructor(options: RedisHandoffStateStoreOptions) {
    this.#o = options;
  }

  #state(id: string): string {
    return `${this.#o.prefix}state:${id}`;
  }
  #notice(id: string): string {
    return `${this.#o.prefix}notice:${id}`;
  }
  #link(link: HandoffLink): string {
    return `${this.#o.prefix}link:${link.target}:${link.ref}`;
  }
  get #index(): string {
    return `${this.#o.prefix}index`;
  }
  get #deadlines(): string {
    return `${this.#o.prefix}deadlines`;
  }

  async get(conversationId: string): Promise<StoredHandoff | null> {
    const raw = await withRedisErrors(() => this.#o.redis.get(this.#state(conversationId)));
    return parse(raw);
  }

  async put(stored: StoredHandoff): Promise<void> {
    const { state } = stored;
    const ttl = this.#o.ttlSeconds;
    const tx = this.#o.redis
      .multi()
      .set(this.#state(state.conversationId), JSON.stringify(stored), 'EX', ttl)
      .zadd(this.#index, state.since, state.conversationId);
    for (const link of state.links ?? []) tx.set(this.#link(link), state.conversationId, 'EX', ttl);
    if (state.mode !== 'bot' && state.expiresAt !== undefined)
      tx.zadd(this.#deadlines, state.expiresAt, state.conversationId);
    else tx.zrem(this.#deadlines, state.conversationId);
    await withRedisErrors(() => tx.exec());
  }

  async byLink(link: HandoffLink): Promise<string | null> {
    return withRedisErrors(() => this.#o.redis.get(this.#link(link)));
  }

  async list(filter: { mode?: ConversationMode; limit?: number } = {}): Promise<HandoffState[]> {
    const limit = Math.min(filter.limit ?? 100, MAX_LIST);
    const ids = await withRedisErrors(() => this.#o.redis.zrevrange(this.#index, 0, MAX_LIST - 1));
    if (ids.length === 0) return [];
    const raw = await withRedisErrors(() =>
      this.#o.redis.mget(...ids.map((id) => this.#state(id))),
    );
    const states: HandoffState[] = [];
    const gone: string[] = [];
    raw.forEach((value, i) => {
      const stored = parse(value);
      if (!stored) gone.push(ids[i] ?? '');
      else if (!filter.mode || stored.state.mode === filter.mode) states.push(stored.state);
    });
    // States expire with their conversation; their index entries are dropped as they are found.
    if (gone.length) await withRedisErrors(() => this.#o.redis.zrem(this.#index, ...gone));
    return states.slice(0, limit);
  }

  async claimNotice(conversationId: string, since: number): Promise<boolean> {
    // SET … GET answers the hold noticed before: claimed when that was another one (Redis ≥ 6.2).
    const previous = await withRedisErrors(() =>
      this.#o.redis.set(
        this.#notice(conversationId),
        String(since),
        'EX',
        this.#o.ttlSeconds,
        'GET',
      ),
    );
    return previous !== String(since);
  }

  async claimExpired(now: number): Promise<string[]> {
    const due = await withRedisErrors(() =>
      this.#o.redis.zrangebyscore(this.#deadlines, 0, now, 'LIMIT', 0, 100),
    );
    const claimed: string[] = [];
    for (const id of due) {
      // ZREM answers 1 to one caller only: with several processes, one hands each back.
      if ((await withRedisErrors(() => this.#o.redis.zrem(this.#deadlines, id))) === 1)
        claimed.push(id);
    }
    return claimed;
  }

  /** A customer's handoff states (the export of their data). */
  async entriesOf(customer: { conversationIds: ReadonlySet<string> }): Promise<HandoffState[]> {
    const states: HandoffState[] = [];
    for (const id of customer.conversationIds) {
      const stored = await this.get(id);
      if (stored) states.push(stored.state);
    }
    return states;
  }

  /** Erases a customer's handoff states (the deletion of their data). */
  removeEntriesOf(customer: { conversationIds: ReadonlySet<string> }): Promise<number> {
    return this.remove(customer.conversationIds);
  }

  async remove(conversationIds: Iterable<string>): Promise<number> {
    let removed = 0;
    for (const id of conversationIds) {
      const stored = await this.get(id);
      if (!stored) continue;
      const links = (stored.state.links ?? []).map((l) => this.#link(l));
      const keys = [this.#state(id), this.#notice(id), ...links];
      await withRedisErrors(() =>
        this.#o.redis
          .multi()
          .del(...keys)
          .zrem(this.#index, id)
          .zrem(this.#deadlines, id)
          .exec(),
      );
      removed++;
    }
    return removed;
  }
}

function parse(raw: string | null): StoredHandoff | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as StoredHandoff;
    return value && typeof value === 'object' && value.state ? value : null;
  } catch {
    // A corrupt entry must not break the conversation: it counts as no handoff.
    return null;
  }
}

import type { Turn } from '@switchboard/core';
import { withRedisErrors } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';

/** Where conversation turns live between messages. */
export interface ConversationStore {
  /** Turns of a conversation, oldest first (at most the configured window). */
  load(conversationId: string): Promise<Turn[]>;
  append(conversationId: string, turns: Turn[]): Promise<void>;
}

export interface RedisConversationStoreOptions {
  redis: Redis;
  /** How many turns are kept per conversation. @defaultValue 12 */
  maxTurns?: number;
  /** Seconds a conversation lives after its last message. @defaultValue 86400 */
  ttlSeconds?: number;
  /** Key prefix, so several deployments can share one Redis. @defaultValue 'switchboard:conv:' */
  prefix?: string;
}

/** Keeps the last turns of each conversation in a capped Redis list with a sliding TTL. */
export class RedisConversationStore implements ConversationStore {
  readonly #redis: Redis;
  readonly #maxTurns: number;
  readonly #ttl: number;
  readonly #prefix: string;

  constructor(options: RedisConversationStoreOptions) {
    this.#redis = options.redis;
    this.#maxTurns = options.maxTurns ?? 12;
    this.#ttl = options.ttlSeconds ?? 86_400;
    this.#prefix = options.prefix ?? 'switchboard:conv:';
  }

  async load(conversationId: string): Promise<Turn[]> {
    const raw = await withRedisErrors(() => this.#redis.lrange(this.#key(conversationId), 0, -1));
    const turns: Turn[] = [];
    for (const item of raw) {
      try {
        turns.push(JSON.parse(item) as Turn);
      } catch {
        // A corrupt entry must not break the conversation; skip it.
      }
    }
    return turns;
  }

  async append(conversationId: string, turns: Turn[]): Promise<void> {
    if (turns.length === 0) return;
    const key = this.#key(conversationId);
    await withRedisErrors(() =>
      this.#redis
        .multi()
        .rpush(key, ...turns.map((t) => JSON.stringify(t)))
        .ltrim(key, -this.#maxTurns, -1)
        .expire(key, this.#ttl)
        .exec(),
    );
  }

  #key(conversationId: string): string {
    return `${this.#prefix}${conversationId}`;
  }
}

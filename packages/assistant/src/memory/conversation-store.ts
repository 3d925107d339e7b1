import type { Turn } from '@switchboard/core';
import { withRedisErrors } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';
import type { RedisConversationIndex } from '../conversations/conversation-index.ts';
import type { TurnContext } from '../conversations/conversation-record.ts';

/** Where conversation turns live between messages. */
export interface ConversationStore {
  /** Turns of a conversation, oldest first (at most the configured window). */
  load(conversationId: string): Promise<Turn[]>;
  /** `context` names the channel the turns came from (the conversation index keeps it). */
  append(conversationId: string, turns: Turn[], context?: TurnContext): Promise<void>;
}

export interface RedisConversationStoreOptions {
  redis: Redis;
  /** How many of the latest turns `load` answers (the model's memory). @defaultValue 12 */
  maxTurns?: number;
  /**
   * How many turns are kept per conversation for the retention period (the transcript the
   * support team reads; the oldest go first). @defaultValue 1000
   */
  transcriptTurns?: number;
  /** Also keeps every appended turn in the conversation index (list, search, outcomes). */
  index?: RedisConversationIndex;
  /**
   * Seconds a conversation lives after its last message (the retention period,
   * SWITCHBOARD_RETENTION_DAYS). @defaultValue 2592000 (30 days)
   */
  ttlSeconds?: number;
  /** Key prefix, so several deployments can share one Redis. @defaultValue 'switchboard:conv:' */
  prefix?: string;
}

/** 30 days, the default of SWITCHBOARD_RETENTION_DAYS. */
const DEFAULT_TTL_SECONDS = 30 * 86_400;

/**
 * Keeps each conversation's turns in a capped Redis list with a sliding TTL (the retention): the
 * answer path loads only the last `maxTurns`, the admin transcript reads them all.
 */
export class RedisConversationStore implements ConversationStore {
  readonly #redis: Redis;
  readonly #maxTurns: number;
  readonly #transcriptTurns: number;
  readonly #ttl: number;
  readonly #index: RedisConversationIndex | undefined;
  readonly #prefix: string;

  constructor(options: RedisConversationStoreOptions) {
    this.#redis = options.redis;
    this.#maxTurns = options.maxTurns ?? 12;
    this.#transcriptTurns = Math.max(options.transcriptTurns ?? 1000, this.#maxTurns);
    this.#index = options.index;
    this.#ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.#prefix = options.prefix ?? 'switchboard:conv:';
  }

  load(conversationId: string): Promise<Turn[]> {
    return this.#read(conversationId, -this.#maxTurns);
  }

  /** Every turn kept for the retention period, oldest first. */
  transcript(conversationId: string): Promise<Turn[]> {
    return this.#read(conversationId, 0);
  }

  /** The first `count` turns kept (the conversation's opening, while the transcript holds it). */
  opening(conversationId: string, count = 2): Promise<Turn[]> {
    return this.#read(conversationId, 0, count - 1);
  }

  async #read(conversationId: string, start: number, stop = -1): Promise<Turn[]> {
    const raw = await withRedisErrors(() =>
      this.#redis.lrange(this.#key(conversationId), start, stop),
    );
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

  async append(conversationId: string, turns: Turn[], context?: TurnContext): Promise<void> {
    if (turns.length === 0) return;
    const key = this.#key(conversationId);
    const multi = this.#redis
      .multi()
      .rpush(key, ...turns.map((t) => JSON.stringify(t)))
      .ltrim(key, -this.#transcriptTurns, -1)
      .expire(key, this.#ttl);
    // The turns and their index entry are written in one round trip, and together.
    this.#index?.addRecord(multi, conversationId, turns, context);
    await withRedisErrors(() => multi.exec());
  }

  /** Epoch ms at which a conversation expires unless it is continued; null when it is not kept. */
  async expiresAt(conversationId: string): Promise<number | null> {
    const ms = await withRedisErrors(() => this.#redis.pttl(this.#key(conversationId)));
    return ms >= 0 ? Date.now() + ms : null;
  }

  /**
   * Erases conversations' transcripts (a customer's data deleted on request; their index entries
   * are the index's to remove); answers how many existed.
   */
  async remove(conversationIds: Iterable<string>): Promise<number> {
    const keys = [...conversationIds].map((id) => this.#key(id));
    if (keys.length === 0) return 0;
    return withRedisErrors(() => this.#redis.del(...keys));
  }

  #key(conversationId: string): string {
    return `${this.#prefix}${conversationId}`;
  }
}

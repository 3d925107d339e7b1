import { addCounts, scrubPii } from '@switchboard/brand-voice';
import { SwitchboardError } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import type { Redis } from 'ioredis';
import { emptyPiiCounts } from '../dataset/types.ts';
import {
  CANDIDATE_STATES,
  type CandidateState,
  type HarvestCandidate,
  type HarvestStore,
  type NewCandidate,
} from './harvest-types.ts';

/** Where the harvest store keeps its keys under the configured Redis prefix. */
export const harvestKeyPrefix = (redisPrefix: string) => `${redisPrefix}:harvest:`;

export interface RedisHarvestStoreOptions {
  redis: Redis;
  /** Key prefix: `harvestKeyPrefix(config.redis.prefix)`. */
  prefix: string;
  /** Company facts: their e-mail/phone values are the company's, not PII. */
  companyFacts?: Readonly<Record<string, string>>;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/** A Redis failure becomes REDIS_UNAVAILABLE (503), the original kept as cause. */
async function withRedisErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new SwitchboardError(
      'REDIS_UNAVAILABLE',
      `Redis call failed: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}

/** The origin a candidate is deduplicated on: one per rated message, one per agent ticket reply. */
function candidateId(c: NewCandidate): string {
  const origin =
    c.source === 'thumbs_up'
      ? `thumbs_up:${c.conversationId}:${c.messageId ?? ''}`
      : `agent:${c.ticketId ?? c.conversationId}:${c.answer}`;
  return sha256(origin).slice(0, 16);
}

/**
 * Candidates in Redis: one hash of JSON by id, and one sorted set per state (scored by creation
 * time) for newest-first listing. A review moves the id between state sets in one transaction.
 */
export class RedisHarvestStore implements HarvestStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #facts: Readonly<Record<string, string>>;
  readonly #clock: () => number;

  constructor(options: RedisHarvestStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#facts = options.companyFacts ?? {};
    this.#clock = options.clock ?? Date.now;
  }

  async add(input: NewCandidate): Promise<{ candidate: HarvestCandidate; created: boolean }> {
    const pii = emptyPiiCounts();
    const scrub = (text: string) => {
      const result = scrubPii(text.trim(), { companyFacts: this.#facts });
      addCounts(pii, result.counts);
      return result.text;
    };
    const id = candidateId(input);
    const candidate: HarvestCandidate = {
      ...input,
      id,
      question: scrub(input.question),
      answer: scrub(input.answer),
      pii,
      state: 'pending',
      createdAt: this.#clock(),
    };
    const created = await withRedisErrors(() =>
      this.#redis.hsetnx(this.#items, id, JSON.stringify(candidate)),
    );
    if (!created) return { candidate: (await this.get(id)) ?? candidate, created: false };
    await withRedisErrors(() =>
      this.#redis.zadd(this.#stateKey('pending'), candidate.createdAt, id),
    );
    return { candidate, created: true };
  }

  async get(id: string): Promise<HarvestCandidate | null> {
    const raw = await withRedisErrors(() => this.#redis.hget(this.#items, id));
    return raw ? (JSON.parse(raw) as HarvestCandidate) : null;
  }

  async list(
    options: { state?: CandidateState; limit?: number } = {},
  ): Promise<HarvestCandidate[]> {
    const limit = options.limit ?? 100;
    const states = options.state ? [options.state] : CANDIDATE_STATES;
    const ids = new Set<string>();
    for (const state of states) {
      const newest = await withRedisErrors(() =>
        this.#redis.zrevrange(this.#stateKey(state), 0, limit - 1),
      );
      for (const id of newest) ids.add(id);
    }
    if (ids.size === 0) return [];
    const raw = await withRedisErrors(() => this.#redis.hmget(this.#items, ...ids));
    return raw
      .flatMap((item) => (item ? [JSON.parse(item) as HarvestCandidate] : []))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
  }

  async review(id: string, state: 'accepted' | 'rejected'): Promise<HarvestCandidate | null> {
    const current = await this.get(id);
    if (!current) return null;
    const updated: HarvestCandidate = { ...current, state, reviewedAt: this.#clock() };
    const tx = this.#redis.multi().hset(this.#items, id, JSON.stringify(updated));
    for (const s of CANDIDATE_STATES) if (s !== state) tx.zrem(this.#stateKey(s), id);
    tx.zadd(this.#stateKey(state), String(current.createdAt), id);
    await withRedisErrors(() => tx.exec());
    return updated;
  }

  /** Every accepted candidate, oldest first: the harvested source of a dataset build. */
  async accepted(): Promise<HarvestCandidate[]> {
    const ids = await withRedisErrors(() =>
      this.#redis.zrange(this.#stateKey('accepted'), '0', '-1'),
    );
    if (ids.length === 0) return [];
    const raw = await withRedisErrors(() => this.#redis.hmget(this.#items, ...ids));
    return raw.flatMap((item) => (item ? [JSON.parse(item) as HarvestCandidate] : []));
  }

  get #items(): string {
    return `${this.#prefix}items`;
  }

  #stateKey(state: CandidateState): string {
    return `${this.#prefix}state:${state}`;
  }
}

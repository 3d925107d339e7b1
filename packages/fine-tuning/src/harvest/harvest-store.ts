import { addCounts, scrubPii } from '@switchboard/brand-voice';
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
import { withRedisErrors } from './redis-errors.ts';

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

/**
 * The question as duplicates are recognised: case, accents' composition, punctuation and spacing
 * do not make a new question. Letters of every script count (a question in Greek is not empty).
 */
export function normaliseQuestion(question: string): string {
  const key = question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}{}]+/gu, ' ')
    .trim();
  return key || question.trim();
}

/**
 * The candidate an input merges into. A 👍: one per normalised question and intent, so the same
 * question answered under the same intent in many conversations is one candidate with a count.
 * An agent reply: one per ticket and answer (two agents' different answers both reach review).
 */
function candidateId(c: NewCandidate): string {
  const key =
    c.source === 'thumbs_up'
      ? `thumbs_up:${c.intent ?? ''}:${normaliseQuestion(c.question)}`
      : `agent:${c.ticketId ?? c.conversationId}:${c.answer}`;
  return sha256(key).slice(0, 16);
}

/** What was harvested once already: the rated message, or the agent reply itself. */
function originOf(c: NewCandidate): string {
  return c.source === 'thumbs_up'
    ? `thumbs_up\u0000${c.conversationId}\u0000${c.messageId ?? ''}`
    : `agent\u0000${c.ticketId ?? c.conversationId}\u0000${c.answer}`;
}

/**
 * One script, so "seen this origin?", "new candidate or merge?" and the count move together.
 * KEYS: origins set, items hash, counts hash, pending set. ARGV: origin, id, json, createdAt.
 * Answers -1 (origin seen before: nothing changed), 1 (new candidate) or 0 (merged: count + 1).
 * A candidate stored before counts existed starts from 1.
 */
const ADD_SCRIPT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return -1 end
local created = redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
if created == 1 then
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
elseif redis.call('HEXISTS', KEYS[3], ARGV[2]) == 0 then
  redis.call('HSET', KEYS[3], ARGV[2], 1)
end
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
return created
`;

/**
 * Candidates in Redis: one hash of JSON by id, one hash of counts by id, one set of origins
 * already harvested, and one sorted set per state (scored by creation time) for newest-first
 * listing. A review moves the id between state sets in one transaction.
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
    const scrubbed = { ...input, question: scrub(input.question), answer: scrub(input.answer) };
    // Keyed on the scrubbed text: two customers' e-mail addresses do not make two questions.
    const id = candidateId(scrubbed);
    const candidate: HarvestCandidate = {
      ...scrubbed,
      id,
      pii,
      state: 'pending',
      count: 1,
      createdAt: this.#clock(),
    };
    const outcome = await withRedisErrors(() =>
      this.#redis.eval(
        ADD_SCRIPT,
        4,
        this.#key('origins'),
        this.#items,
        this.#counts,
        this.#stateKey('pending'),
        originOf(input),
        id,
        JSON.stringify(stored(candidate)),
        String(candidate.createdAt),
      ),
    );
    if (outcome === 1) return { candidate, created: true };
    return { candidate: (await this.get(id)) ?? candidate, created: false };
  }

  async get(id: string): Promise<HarvestCandidate | null> {
    const [raw, count] = await withRedisErrors(() =>
      Promise.all([this.#redis.hget(this.#items, id), this.#redis.hget(this.#counts, id)]),
    );
    return raw ? withCount(raw, count) : null;
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
    return (await this.#load([...ids])).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  async review(id: string, state: 'accepted' | 'rejected'): Promise<HarvestCandidate | null> {
    const current = await this.get(id);
    if (!current) return null;
    const updated: HarvestCandidate = { ...current, state, reviewedAt: this.#clock() };
    const tx = this.#redis.multi().hset(this.#items, id, JSON.stringify(stored(updated)));
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
    return this.#load(ids);
  }

  async #load(ids: string[]): Promise<HarvestCandidate[]> {
    if (ids.length === 0) return [];
    const [raw, counts] = await withRedisErrors(() =>
      Promise.all([
        this.#redis.hmget(this.#items, ...ids),
        this.#redis.hmget(this.#counts, ...ids),
      ]),
    );
    return raw.flatMap((item, i) => (item ? [withCount(item, counts[i] ?? null)] : []));
  }

  get #items(): string {
    return this.#key('items');
  }

  get #counts(): string {
    return this.#key('counts');
  }

  #key(name: string): string {
    return `${this.#prefix}${name}`;
  }

  #stateKey(state: CandidateState): string {
    return `${this.#prefix}state:${state}`;
  }
}

/** The count lives in its own hash (merges increment it there): the JSON never carries it. */
function stored(candidate: HarvestCandidate): Omit<HarvestCandidate, 'count'> {
  const { count: _count, ...rest } = candidate;
  return rest;
}

function withCount(raw: string, count: string | null): HarvestCandidate {
  const candidate = JSON.parse(raw) as HarvestCandidate;
  return { ...candidate, count: count === null ? 1 : Number(count) };
}

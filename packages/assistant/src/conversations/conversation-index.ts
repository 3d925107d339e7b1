import type { ChannelName, Feedback, HandoffTicket, Turn } from '@switchboard/core';
import { withRedisErrors } from '@switchboard/local-redis';
import type { ChainableCommander, Redis } from 'ioredis';
import {
  type ConversationEvent,
  type ConversationRecord,
  eventOf,
  type TurnContext,
  type TurnRating,
} from './conversation-record.ts';
import { digestOf } from './digest.ts';
import { type ActivityCursor, CHANNELS, parseRecord, type RawRecord } from './index-codec.ts';

export interface RedisConversationIndexOptions {
  redis: Redis;
  /** Starts every key, e.g. `switchboard:` (then `switchboard:conv-meta:<id>`). */
  prefix: string;
  /** Seconds a conversation's index entry lives after its last message (the retention). */
  ttlSeconds: number;
  /** Outcome events kept per conversation (oldest dropped). @defaultValue 2000 */
  maxEvents?: number;
  /** Longest search digest per conversation, in bytes. @defaultValue 8000 */
  maxDigestBytes?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

const PREVIEW_CHARS = 160;
const RATING_FIELD = 'rating:';

/**
 * Merges turns into a conversation's summary hash in one step: channel and user id kept from
 * the first turns that name them, first/last activity widened, the first customer message kept
 * as the preview, the search digest appended up to its cap (cut on a UTF-8 boundary).
 * ARGV: channel, userId, firstAt, lastAt, preview, digest, maxDigestBytes, ttlSeconds.
 */
const MERGE_SUMMARY = `
local k = KEYS[1]
if ARGV[1] ~= '' then redis.call('HSETNX', k, 'channel', ARGV[1]) end
if ARGV[2] ~= '' then redis.call('HSETNX', k, 'userId', ARGV[2]) end
local first = tonumber(redis.call('HGET', k, 'firstAt'))
if not first or tonumber(ARGV[3]) < first then redis.call('HSET', k, 'firstAt', ARGV[3]) end
local last = tonumber(redis.call('HGET', k, 'lastAt'))
if not last or tonumber(ARGV[4]) > last then redis.call('HSET', k, 'lastAt', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSETNX', k, 'preview', ARGV[5]) end
if ARGV[6] ~= '' then
  local max = tonumber(ARGV[7])
  local d = redis.call('HGET', k, 'digest')
  local s = d and (d .. ' ' .. ARGV[6]) or ARGV[6]
  if not d or #d < max then
    if #s > max then
      local n = max
      while n > 0 and string.byte(s, n + 1) >= 128 and string.byte(s, n + 1) < 192 do n = n - 1 end
      s = string.sub(s, 1, n)
    end
    redis.call('HSET', k, 'digest', s)
  end
end
redis.call('EXPIRE', k, ARGV[8])
-- Activity, in the same call (one round trip per turn): all conversations (KEYS[2]) and the
-- channel the conversation started in (KEYS[3..] are the channels named in ARGV[11..], in order),
-- so a later turn from elsewhere never moves it.
local stored = redis.call('HGET', k, 'channel')
for i = 2, #KEYS do
  if i == 2 or ARGV[8 + i] == stored then
    redis.call('ZADD', KEYS[i], 'GT', ARGV[4], ARGV[9])
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[10])
  end
end
return 1
`;

/** Sets one field of an existing summary only (a rating of an unknown conversation is dropped). */
const SET_IF_KNOWN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** Appends an event to a known conversation, expiring with its summary. ARGV: event, max events. */
const APPEND_IF_KNOWN = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
`;

/** What the customer and people said, and the titles an answer cited: the words search finds. */
function searchableText(turns: Turn[]): string {
  const parts: string[] = [];
  for (const turn of turns) {
    if (turn.role !== 'assistant') parts.push(turn.text);
    for (const citation of turn.citations ?? []) parts.push(citation.title);
  }
  return digestOf(parts.join(' '));
}

/**
 * The conversation index: per conversation a summary hash (channel, first and last activity,
 * preview, search digest, ratings by message id) and a list of outcome events (turns without
 * their text, and handoff tickets); sorted sets of conversation ids by last activity, one for
 * all and one per channel, for paging newest first. Everything expires with the retention
 * period; the sorted sets drop members older than it on every write (and readers skip expired
 * ones).
 */
export class RedisConversationIndex {
  readonly #redis: Redis;
  readonly #o: RedisConversationIndexOptions;

  constructor(options: RedisConversationIndexOptions) {
    this.#redis = options.redis;
    this.#o = options;
  }

  get #now(): number {
    return (this.#o.clock ?? Date.now)();
  }

  #meta(id: string): string {
    return `${this.#o.prefix}conv-meta:${id}`;
  }

  #events(id: string): string {
    return `${this.#o.prefix}conv-events:${id}`;
  }

  /** The sorted set of conversation ids by last activity: all, or one channel's. */
  activityKey(channel?: ChannelName | null): string {
    return channel
      ? `${this.#o.prefix}conversations:channel:${channel}`
      : `${this.#o.prefix}conversations`;
  }

  /** Indexes turns just appended to a conversation (`context` names the channel they came from). */
  async record(conversationId: string, turns: Turn[], context?: TurnContext): Promise<void> {
    if (turns.length === 0) return;
    const multi = this.#redis.multi();
    this.addRecord(multi, conversationId, turns, context);
    await withRedisErrors(() => multi.exec());
  }

  /**
   * Queues the commands of `record` on a transaction the caller executes: the conversation store
   * appends turns and indexes them in one round trip.
   */
  addRecord(
    multi: ChainableCommander,
    conversationId: string,
    turns: Turn[],
    context?: TurnContext,
  ): void {
    if (turns.length === 0) return;
    const meta = this.#meta(conversationId);
    const events = this.#events(conversationId);
    const times = turns.map((t) => t.at);
    const firstAt = Math.min(...times);
    const lastAt = Math.max(...times);
    const firstQuestion = turns.find((t) => t.role === 'user')?.text.trim() ?? '';
    const ttl = this.#o.ttlSeconds;
    const cutoff = this.#now - ttl * 1000;
    const maxEvents = this.#o.maxEvents ?? 2000;
    multi
      .eval(
        MERGE_SUMMARY,
        2 + CHANNELS.length,
        meta,
        this.activityKey(),
        ...CHANNELS.map((c) => this.activityKey(c)),
        context?.channel ?? '',
        context?.userId ?? '',
        String(firstAt),
        String(lastAt),
        firstQuestion.slice(0, PREVIEW_CHARS),
        searchableText(turns),
        String(this.#o.maxDigestBytes ?? 8000),
        String(ttl),
        conversationId,
        String(cutoff),
        ...CHANNELS,
      )
      .rpush(events, ...turns.map((t) => JSON.stringify(eventOf(t))))
      .ltrim(events, -maxEvents, -1)
      .expire(events, ttl);
  }

  /** Attaches a rating to the rated turn; false when the conversation is not indexed (expired). */
  async rate(feedback: Feedback): Promise<boolean> {
    const rating: TurnRating = {
      rating: feedback.rating,
      ...(feedback.reason ? { reason: feedback.reason } : {}),
      at: feedback.at,
    };
    const done = await withRedisErrors(() =>
      this.#redis.eval(
        SET_IF_KNOWN,
        1,
        this.#meta(feedback.conversationId),
        `${RATING_FIELD}${feedback.messageId}`,
        JSON.stringify(rating),
      ),
    );
    return done === 1;
  }

  /** Records a handoff ticket in its conversation's events; false when it is not indexed. */
  async handedOff(ticket: HandoffTicket): Promise<boolean> {
    const event: ConversationEvent = { kind: 'ticket', at: ticket.at, reason: ticket.reason };
    const done = await withRedisErrors(() =>
      this.#redis.eval(
        APPEND_IF_KNOWN,
        2,
        this.#meta(ticket.conversationId),
        this.#events(ticket.conversationId),
        JSON.stringify(event),
        String(this.#o.maxEvents ?? 2000),
      ),
    );
    return done === 1;
  }

  /** The conversations' index entries (null where none is kept), in the order asked. */
  async records(ids: readonly string[]): Promise<Array<ConversationRecord | null>> {
    if (ids.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.#meta(id)).lrange(this.#events(id), 0, -1);
    const results = (await withRedisErrors(() => pipeline.exec())) ?? [];
    return ids.map((id, i) => {
      const [metaError, meta] = results[2 * i] ?? [];
      const [eventsError, events] = results[2 * i + 1] ?? [];
      if (metaError || eventsError) throw metaError ?? eventsError;
      return parseRecord(id, meta as RawRecord['meta'], events as string[]);
    });
  }

  async get(id: string): Promise<ConversationRecord | null> {
    return (await this.records([id]))[0] ?? null;
  }

  /**
   * Conversation ids with their last activity, newest first, after `cursor` (exclusive) and not
   * older than `minLastAt`; at most `count`.
   */
  async newestFirst(options: {
    channel?: ChannelName;
    cursor?: ActivityCursor;
    minLastAt?: number;
    count: number;
  }): Promise<ActivityCursor[]> {
    const key = this.activityKey(options.channel);
    const min = options.minLastAt ?? '-inf';
    const { cursor } = options;
    const out: ActivityCursor[] = [];
    if (cursor) {
      // Equal scores come in reverse byte order of the id: those after the cursor come next.
      const ties = await withRedisErrors(() =>
        this.#redis.zrevrangebyscore(key, cursor.at, cursor.at),
      );
      for (const id of ties)
        if (Buffer.compare(Buffer.from(id), Buffer.from(cursor.id)) < 0)
          out.push({ at: cursor.at, id });
    }
    const max = cursor ? `(${cursor.at}` : '+inf';
    const rest = await withRedisErrors(() =>
      this.#redis.zrevrangebyscore(key, max, min, 'WITHSCORES', 'LIMIT', 0, options.count),
    );
    for (let i = 0; i + 1 < rest.length; i += 2)
      out.push({ id: rest[i] as string, at: Number(rest[i + 1]) });
    return out.slice(0, options.count);
  }

  /** Drops ids whose entry expired from the activity sets (readers found them gone). */
  async forgetExpired(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const multi = this.#redis.multi().zrem(this.activityKey(), ...ids);
    for (const channel of CHANNELS) multi.zrem(this.activityKey(channel), ...ids);
    await withRedisErrors(() => multi.exec());
  }

  /** Erases conversations' index entries (a customer's data deleted); answers how many existed. */
  async remove(conversationIds: Iterable<string>): Promise<number> {
    const ids = [...conversationIds];
    if (ids.length === 0) return 0;
    const channels = await withRedisErrors(() =>
      Promise.all(ids.map((id) => this.#redis.hget(this.#meta(id), 'channel'))),
    );
    const multi = this.#redis.multi();
    ids.forEach((id, i) => {
      multi.del(this.#meta(id), this.#events(id)).zrem(this.activityKey(), id);
      const channel = channels[i];
      if (channel) multi.zrem(this.activityKey(channel as ChannelName), id);
    });
    const results = (await withRedisErrors(() => multi.exec())) ?? [];
    let existed = 0;
    let step = 0;
    ids.forEach((_, i) => {
      const [, deleted] = results[step] ?? [];
      if (typeof deleted === 'number' && deleted > 0) existed++;
      step += channels[i] ? 3 : 2;
    });
    return existed;
  }
}

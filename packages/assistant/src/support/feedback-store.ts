import {
  type DocsGapLog,
  type Feedback,
  type FeedbackStore,
  type Metrics,
  noMetrics,
  type UnansweredQuestion,
} from '@switchboard/core';
import { RedisCappedLog } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';

export interface RedisSupportLogOptions {
  redis: Redis;
  /** @defaultValue 'switchboard:' */
  prefix?: string;
  /** Entries kept. @defaultValue 1000 */
  limit?: number;
  /**
   * Entries older than this many seconds are dropped (they quote customers and name their
   * conversations, so they follow conversation retention). @defaultValue kept until capped out
   */
  retentionSeconds?: number;
}

/** One customer, for a data-subject request: their conversations, and their widget identity. */
export interface CustomerMatch {
  conversationIds: ReadonlySet<string>;
  /** The identified widget user (entries of the `web` channel that carry this user id match too). */
  webUserId?: string;
}

/** A log whose entries can be found and erased per customer (export and deletion requests). */
export interface CustomerKeyedLog<T> {
  /** The customer's entries, newest first. */
  entriesOf(customer: CustomerMatch): Promise<T[]>;
  /** Answers how many entries were removed. */
  removeEntriesOf(customer: CustomerMatch): Promise<number>;
}

const feedbackOf =
  (customer: CustomerMatch) =>
  (f: Feedback): boolean =>
    customer.conversationIds.has(f.conversationId) ||
    (customer.webUserId !== undefined && f.channel === 'web' && f.userId === customer.webUserId);

const gapsOf =
  (customer: CustomerMatch) =>
  (q: UnansweredQuestion): boolean =>
    customer.conversationIds.has(q.conversationId);

function supportLog<T extends { at: number }>(
  options: RedisSupportLogOptions,
  name: string,
): RedisCappedLog<T> {
  return new RedisCappedLog<T>({
    redis: options.redis,
    key: `${options.prefix ?? 'switchboard:'}${name}`,
    ...(options.limit ? { limit: options.limit } : {}),
    ...(options.retentionSeconds
      ? { maxAgeMs: options.retentionSeconds * 1000, timeOf: (entry: T) => entry.at }
      : {}),
  });
}

/** Where a rating is attached to the turn it rates (the conversation index). */
export interface RatedTurns {
  rate(feedback: Feedback): Promise<unknown>;
}

/** Feedback from every channel, newest first (the admin page's "recent feedback"). */
export class RedisFeedbackStore implements FeedbackStore, CustomerKeyedLog<Feedback> {
  readonly #log: RedisCappedLog<Feedback>;
  readonly #metrics: Metrics;
  readonly #ratedTurns: RatedTurns | undefined;

  /**
   * `metrics` counts every rating recorded, by rating and channel; `ratedTurns` (the conversation
   * index) attaches each rating to the turn it rates.
   */
  constructor(options: RedisSupportLogOptions & { metrics?: Metrics; ratedTurns?: RatedTurns }) {
    this.#log = supportLog(options, 'feedback');
    this.#metrics = options.metrics ?? noMetrics;
    this.#ratedTurns = options.ratedTurns;
  }

  async record(feedback: Feedback): Promise<void> {
    await this.#log.push(feedback);
    await this.#ratedTurns?.rate(feedback);
    this.#metrics.feedbackRecorded({ rating: feedback.rating, channel: feedback.channel });
  }

  recent(limit?: number): Promise<Feedback[]> {
    return this.#log.recent(limit);
  }

  entriesOf(customer: CustomerMatch): Promise<Feedback[]> {
    return this.#log.matching(feedbackOf(customer));
  }

  removeEntriesOf(customer: CustomerMatch): Promise<number> {
    return this.#log.removeWhere(feedbackOf(customer));
  }
}

/** Questions that ended in a handoff for lack of an answer (the docs-gap list). */
export class RedisDocsGapLog implements DocsGapLog, CustomerKeyedLog<UnansweredQuestion> {
  readonly #log: RedisCappedLog<UnansweredQuestion>;

  constructor(options: RedisSupportLogOptions) {
    this.#log = supportLog(options, 'docs-gaps');
  }

  record(question: UnansweredQuestion): Promise<void> {
    return this.#log.push(question);
  }

  recent(limit?: number): Promise<UnansweredQuestion[]> {
    return this.#log.recent(limit);
  }

  entriesOf(customer: CustomerMatch): Promise<UnansweredQuestion[]> {
    return this.#log.matching(gapsOf(customer));
  }

  removeEntriesOf(customer: CustomerMatch): Promise<number> {
    return this.#log.removeWhere(gapsOf(customer));
  }
}

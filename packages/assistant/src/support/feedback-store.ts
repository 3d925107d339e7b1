import type { DocsGapLog, Feedback, FeedbackStore, UnansweredQuestion } from '@switchboard/core';
import { RedisCappedLog } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';

export interface RedisSupportLogOptions {
  redis: Redis;
  /** @defaultValue 'switchboard:' */
  prefix?: string;
  /** Entries kept. @defaultValue 1000 */
  limit?: number;
}

/** Feedback from every channel, newest first (the admin page's "recent feedback"). */
export class RedisFeedbackStore implements FeedbackStore {
  readonly #log: RedisCappedLog<Feedback>;

  constructor(options: RedisSupportLogOptions) {
    this.#log = new RedisCappedLog({
      redis: options.redis,
      key: `${options.prefix ?? 'switchboard:'}feedback`,
      ...(options.limit ? { limit: options.limit } : {}),
    });
  }

  record(feedback: Feedback): Promise<void> {
    return this.#log.push(feedback);
  }

  recent(limit?: number): Promise<Feedback[]> {
    return this.#log.recent(limit);
  }
}

/** Questions that ended in a handoff for lack of an answer (the docs-gap list). */
export class RedisDocsGapLog implements DocsGapLog {
  readonly #log: RedisCappedLog<UnansweredQuestion>;

  constructor(options: RedisSupportLogOptions) {
    this.#log = new RedisCappedLog({
      redis: options.redis,
      key: `${options.prefix ?? 'switchboard:'}docs-gaps`,
      ...(options.limit ? { limit: options.limit } : {}),
    });
  }

  record(question: UnansweredQuestion): Promise<void> {
    return this.#log.push(question);
  }

  recent(limit?: number): Promise<UnansweredQuestion[]> {
    return this.#log.recent(limit);
  }
}

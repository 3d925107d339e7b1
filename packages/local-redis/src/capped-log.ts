import type { Redis } from 'ioredis';
import { withRedisErrors } from './redis-errors.ts';

export interface CappedLogOptions {
  redis: Redis;
  key: string;
  /** Entries kept, newest first. @defaultValue 1000 */
  limit?: number;
}

/** A newest-first list of JSON entries in Redis, capped so it never grows without bound. */
export class RedisCappedLog<T> {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #limit: number;

  constructor(options: CappedLogOptions) {
    this.#redis = options.redis;
    this.#key = options.key;
    this.#limit = options.limit ?? 1000;
  }

  async push(entry: T): Promise<void> {
    await withRedisErrors(() =>
      this.#redis
        .multi()
        .lpush(this.#key, JSON.stringify(entry))
        .ltrim(this.#key, 0, this.#limit - 1)
        .exec(),
    );
  }

  async recent(limit = 50): Promise<T[]> {
    const raw = await withRedisErrors(() => this.#redis.lrange(this.#key, 0, limit - 1));
    const entries: T[] = [];
    for (const item of raw) {
      try {
        entries.push(JSON.parse(item) as T);
      } catch {
        // A corrupt entry must not hide the others.
      }
    }
    return entries;
  }
}

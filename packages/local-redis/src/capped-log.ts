import type { Redis } from 'ioredis';
import { withRedisErrors } from './redis-errors.ts';

export interface CappedLogOptions<T = unknown> {
  redis: Redis;
  key: string;
  /** Entries kept, newest first. @defaultValue 1000 */
  limit?: number;
  /**
   * Entries older than this (by `timeOf`) are dropped from the old end on every push, so a
   * retention period holds for logs that quote customers. @defaultValue kept until capped out
   */
  maxAgeMs?: number;
  /** When an entry was written, epoch ms (needed with `maxAgeMs`). */
  timeOf?: (entry: T) => number | undefined;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/** Old entries dropped per push at most: pushes stay cheap, and every push drops some. */
const EXPIRE_PER_PUSH = 20;

/** A newest-first list of JSON entries in Redis, capped so it never grows without bound. */
export class RedisCappedLog<T> {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #limit: number;
  readonly #o: CappedLogOptions<T>;

  constructor(options: CappedLogOptions<T>) {
    this.#redis = options.redis;
    this.#key = options.key;
    this.#limit = options.limit ?? 1000;
    this.#o = options;
  }

  async push(entry: T): Promise<void> {
    await withRedisErrors(() =>
      this.#redis
        .multi()
        .lpush(this.#key, JSON.stringify(entry))
        .ltrim(this.#key, 0, this.#limit - 1)
        .exec(),
    );
    await this.#expireOld();
  }

  async recent(limit = 50): Promise<T[]> {
    const raw = await withRedisErrors(() => this.#redis.lrange(this.#key, 0, limit - 1));
    return raw.flatMap((item) => {
      const entry = parse<T>(item);
      return entry === undefined ? [] : [entry];
    });
  }

  /** Every entry `keep` accepts, newest first. */
  async matching(keep: (entry: T) => boolean): Promise<T[]> {
    return (await this.recent(this.#limit)).filter(keep);
  }

  /** Removes every entry `drop` accepts (other processes may push meanwhile); answers how many. */
  async removeWhere(drop: (entry: T) => boolean): Promise<number> {
    const raw = await withRedisErrors(() => this.#redis.lrange(this.#key, 0, -1));
    const doomed = new Set(
      raw.filter((item) => {
        const entry = parse<T>(item);
        return entry !== undefined && drop(entry);
      }),
    );
    let removed = 0;
    // By value, not by position: entries pushed meanwhile shift positions but not values.
    for (const item of doomed)
      removed += await withRedisErrors(() => this.#redis.lrem(this.#key, 0, item));
    return removed;
  }

  async #expireOld(): Promise<void> {
    const { maxAgeMs, timeOf } = this.#o;
    if (maxAgeMs === undefined || !timeOf) return;
    const cutoff = (this.#o.clock ?? Date.now)() - maxAgeMs;
    for (let i = 0; i < EXPIRE_PER_PUSH; i++) {
      const oldest = await withRedisErrors(() => this.#redis.lindex(this.#key, -1));
      if (oldest === null) return;
      const entry = parse<T>(oldest);
      // A corrupt entry goes too; one without a time is kept (its age is unknown).
      const at = entry === undefined ? Number.NEGATIVE_INFINITY : timeOf(entry);
      if (at === undefined || at >= cutoff) return;
      // LREM from the tail by value: safe when another process expires the same entry.
      await withRedisErrors(() => this.#redis.lrem(this.#key, -1, oldest));
    }
  }
}

function parse<T>(item: string): T | undefined {
  try {
    return JSON.parse(item) as T;
  } catch {
    return undefined; // A corrupt entry must not hide the others.
  }
}

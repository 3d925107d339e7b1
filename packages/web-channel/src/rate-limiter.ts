/** The two Redis commands the limiter needs (an ioredis client fits). */
export interface RateLimitRedis {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets (at least 1); what a 429's Retry-After says. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one request against `key` and says whether it is within `limit` per window. */
  hit(key: string, limit: number): Promise<RateLimitDecision>;
}

export interface RedisRateLimiterOptions {
  redis: RateLimitRedis;
  /** Key prefix, so several deployments can share one Redis. @defaultValue 'switchboard:rate:' */
  prefix?: string;
  /** @defaultValue 60 */
  windowSeconds?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/**
 * A fixed-window counter per key in Redis, shared by every server process. Each window has its
 * own key, so a counter whose expiry was never set (a crash between the two commands) can only
 * leak a key, never lock a client out.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #o: RedisRateLimiterOptions;
  readonly #windowMs: number;

  constructor(options: RedisRateLimiterOptions) {
    this.#o = options;
    this.#windowMs = (options.windowSeconds ?? 60) * 1000;
  }

  async hit(key: string, limit: number): Promise<RateLimitDecision> {
    const now = (this.#o.clock ?? Date.now)();
    const window = Math.floor(now / this.#windowMs);
    const redisKey = `${this.#o.prefix ?? 'switchboard:rate:'}${key}:${window}`;
    const count = await this.#o.redis.incr(redisKey);
    if (count === 1) await this.#o.redis.pexpire(redisKey, this.#windowMs * 2);
    const resetAt = (window + 1) * this.#windowMs;
    return {
      allowed: count <= limit,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }
}

/** The Redis commands the throttle needs (an ioredis client fits). */
export interface FailureThrottleRedis {
  get(key: string): Promise<string | null>;
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
  pttl(key: string): Promise<number>;
}

export interface FailureThrottleOptions {
  redis: FailureThrottleRedis;
  /** Key prefix, e.g. `switchboard:admin-failures:`. */
  prefix: string;
  /** Failures allowed per window before the key is locked. @defaultValue 10 */
  maxFailures?: number;
  /** @defaultValue 600 */
  windowSeconds?: number;
}

/**
 * Counts failed attempts (wrong passwords, wrong tokens) per key in Redis, shared by every server
 * process. After `maxFailures` within a window that starts at the first failure, the key is
 * locked until the window ends: every attempt is refused unchecked, right or wrong, so the
 * lock-out cannot be used as an oracle. Successes are not counted.
 */
export class RedisFailureThrottle {
  readonly #o: Required<FailureThrottleOptions>;

  constructor(options: FailureThrottleOptions) {
    this.#o = { maxFailures: 10, windowSeconds: 600, ...options };
  }

  /** Seconds until `key` may try again, or 0 when it may try now. */
  async lockedFor(key: string): Promise<number> {
    const redisKey = `${this.#o.prefix}${key}`;
    const count = Number((await this.#o.redis.get(redisKey)) ?? 0);
    if (count < this.#o.maxFailures) return 0;
    const ttl = await this.#o.redis.pttl(redisKey);
    // No expiry (a crash between INCR and PEXPIRE): give it one, rather than lock forever.
    if (ttl < 0) await this.#o.redis.pexpire(redisKey, this.#o.windowSeconds * 1000);
    return Math.max(1, Math.ceil((ttl > 0 ? ttl : this.#o.windowSeconds * 1000) / 1000));
  }

  /** Records one failed attempt by `key`. */
  async fail(key: string): Promise<void> {
    const redisKey = `${this.#o.prefix}${key}`;
    const count = await this.#o.redis.incr(redisKey);
    if (count === 1) await this.#o.redis.pexpire(redisKey, this.#o.windowSeconds * 1000);
  }
}

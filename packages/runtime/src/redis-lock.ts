import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the key only while it still holds our token (a lock that expired and was retaken is left). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the key's expiry only while it still holds our token. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export type LockRedis = Pick<Redis, 'set' | 'eval'>;

/**
 * A lock one process holds for slow work others should not repeat (fitting the router). It
 * expires after `ttlMs` unless renewed, which it is every third of that while held: a process
 * that dies holding it frees it within `ttlMs`.
 */
export class RedisLock {
  readonly #redis: LockRedis;
  readonly #key: string;
  readonly #token: string;
  readonly #renewal: NodeJS.Timeout;

  private constructor(redis: LockRedis, key: string, token: string, ttlMs: number) {
    this.#redis = redis;
    this.#key = key;
    this.#token = token;
    this.#renewal = setInterval(
      () => void this.#redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => {}),
      Math.max(1, Math.floor(ttlMs / 3)),
    );
    this.#renewal.unref();
  }

  /** The lock, or null when another process holds it. */
  static async acquire(redis: LockRedis, key: string, ttlMs: number): Promise<RedisLock | null> {
    const token = randomUUID();
    const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
    return taken === 'OK' ? new RedisLock(redis, key, token, ttlMs) : null;
  }

  /** Stops renewing and frees the lock (if Redis cannot be told, it expires by itself). */
  async release(): Promise<void> {
    clearInterval(this.#renewal);
    await this.#redis.eval(RELEASE, 1, this.#key, this.#token).catch(() => {});
  }
}

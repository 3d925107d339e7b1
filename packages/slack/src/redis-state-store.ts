import type { SlackStateStore } from './ports.ts';

/** The two Redis commands the store uses (ioredis' `Redis` fits). */
export interface RedisCommands {
  set(key: string, value: string, ex: 'EX', seconds: number, nx: 'NX'): Promise<'OK' | null>;
  set(key: string, value: string, ex: 'EX', seconds: number): Promise<'OK'>;
  exists(...keys: string[]): Promise<number>;
  del(...keys: string[]): Promise<number>;
}

export interface RedisStateStoreOptions {
  redis: RedisCommands;
  /** @defaultValue 'switchboard:slack:' */
  prefix?: string;
}

/**
 * Slack state in Redis, shared by every server process: `SET NX EX` claims (an event answered
 * once even when Slack retries it to another process) and the threads the bot takes part in.
 */
export class RedisStateStore implements SlackStateStore {
  readonly #redis: RedisCommands;
  readonly #prefix: string;

  constructor(options: RedisStateStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'switchboard:slack:';
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const set = await this.#redis.set(`${this.#prefix}claim:${key}`, '1', 'EX', ttlSeconds, 'NX');
    return set === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.#redis.del(`${this.#prefix}claim:${key}`);
  }

  async rememberThread(conversationId: string, ttlSeconds: number): Promise<void> {
    await this.#redis.set(`${this.#prefix}thread:${conversationId}`, '1', 'EX', ttlSeconds);
  }

  async isKnownThread(conversationId: string): Promise<boolean> {
    return (await this.#redis.exists(`${this.#prefix}thread:${conversationId}`)) > 0;
  }

  async forgetThread(conversationId: string): Promise<void> {
    await this.#redis.del(`${this.#prefix}thread:${conversationId}`);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@switchboard/core';
import type { Redis } from 'ioredis';
import { RedisLock } from './redis-lock.ts';
import { announcedGeneration, type RouterKeys } from './router-keys.ts';

/** Where the router a process serves came from. */
export type RouterOrigin = 'fitted here' | 'shared';

export interface SharedRouterOptions<T> {
  /** The request-path connection (fails fast while Redis is down). */
  redis: Pick<
    Redis,
    'get' | 'set' | 'eval' | 'exists' | 'del' | 'lpush' | 'lrem' | 'lrange' | 'ltrim'
  >;
  /**
   * Makes the connection that subscribes to index changes, e.g. `() => redis.duplicate()` (the
   * caller listens to its errors).
   */
  subscriber: () => Redis;
  keys: RouterKeys;
  /** The router cache key of the index as it is now (lists the index: called on changes only). */
  currentKey: () => Promise<string>;
  /** Fits the router for `key`, or loads this process's disk cache of it. */
  fit: (key: string) => Promise<T>;
  /** The router as stored in Redis; `parse` throws on a text it cannot serve from. */
  serialise: (router: T) => string;
  parse: (text: string) => T;
  /** Routes with `router` from the next message on. */
  use: (router: T, key: string, origin: RouterOrigin) => void;
  log: Logger;
  /**
   * How often the index generation is read, in case a pub/sub message was missed (a reconnect
   * drops messages); one GET. 0 turns the check off. @defaultValue 5_000
   */
  checkIntervalMs?: number;
  /**
   * Wait after a change is noticed before the index is looked at: runs of several sources that
   * finish together cost one refit, and the index has shown the writer's commit. @defaultValue 1_000
   */
  settleMs?: number;
  /** Expiry of the fitting lock; renewed while the fit runs. @defaultValue 30_000 */
  lockMs?: number;
  /** How often a process waiting for another's fit looks for it. @defaultValue 200 */
  waitPollMs?: number;
  /** Longest wait for another process's fit before fitting here. @defaultValue 600_000 */
  waitLimitMs?: number;
  /** How long a stored router is kept in Redis. @defaultValue 7 days */
  ttlSeconds?: number;
  /**
   * Stored routers kept (the newest); older ones are deleted, so an index that changes every
   * minute does not fill Redis with routers nobody serves any more. @defaultValue 5
   */
  keep?: number;
}

/** Lock rounds before a process gives up on the others and fits for itself. */
const ATTEMPTS = 3;

/**
 * The router every server process shares. A sync worker announces each run that changed the
 * index (`announceIndexChange`); each server then computes the router cache key of the index it
 * now sees. The router for that key is fitted ONCE, by the server that takes the key's lock, and
 * stored in Redis; the others wait for it and swap it in. A server started later finds it there.
 * While Redis cannot answer, a server fits for itself, as a single process always did.
 */
export class SharedRouter<T> {
  readonly #o: SharedRouterOptions<T>;
  #key: string | undefined;
  #generation: number | undefined;
  #subscriber: Redis | undefined;
  #timer: NodeJS.Timeout | undefined;
  #scheduled: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;

  constructor(options: SharedRouterOptions<T>) {
    this.#o = options;
  }

  /** The cache key of the router serving now (undefined until the first one is in). */
  get key(): string | undefined {
    return this.#key;
  }

  /** Follows index changes from now on, then serves the router of the index as it is. */
  async start(): Promise<void> {
    await this.#subscribe().catch((error: unknown) =>
      this.#o.log.warn('router.subscribe_failed', { message: (error as Error).message }),
    );
    this.#generation = await this.#readGeneration();
    const every = this.#o.checkIntervalMs ?? 5_000;
    if (every > 0) {
      this.#timer = setInterval(() => void this.#check(), every);
      this.#timer.unref();
    }
    await this.refresh();
  }

  /**
   * Serves the router of the index as it is now, if it is not the one serving. Calls made while
   * one runs make it look once more afterwards, so the last change always wins.
   */
  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#adopt();
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#scheduled);
    this.#subscriber?.disconnect();
  }

  async #adopt(): Promise<void> {
    const { redis, keys } = this.#o;
    const key = await this.#o.currentKey();
    if (key === this.#key || this.#closed) return;
    let stored: string | null;
    try {
      stored = await redis.get(keys.model(key));
    } catch (error) {
      return this.#fitAlone(key, error);
    }
    if (stored !== null && this.#serveStored(key, stored)) return;
    for (let attempt = 0; attempt < ATTEMPTS && !this.#closed; attempt++) {
      let lock: RedisLock | null;
      try {
        lock = await RedisLock.acquire(redis, keys.lock(key), this.#o.lockMs ?? 30_000);
      } catch (error) {
        return this.#fitAlone(key, error);
      }
      if (lock) {
        try {
          const router = await this.#o.fit(key);
          await this.#store(key, router);
          this.#serve(router, key, 'fitted here');
        } finally {
          await lock.release();
        }
        return;
      }
      const text = await this.#waitForOther(key);
      if (text !== null && this.#serveStored(key, text)) return;
    }
    if (!this.#closed)
      await this.#fitAlone(key, new Error('no other process stored a router for this index'));
  }

  /** Waits while another process holds the key's lock; answers what it stored, or null. */
  async #waitForOther(key: string): Promise<string | null> {
    const { redis, keys } = this.#o;
    const deadline = Date.now() + (this.#o.waitLimitMs ?? 600_000);
    while (!this.#closed && Date.now() < deadline) {
      await sleep(this.#o.waitPollMs ?? 200);
      try {
        const text = await redis.get(keys.model(key));
        if (text !== null) return text;
        // The fitter stores before it lets go of the lock: look once more after it did.
        if ((await redis.exists(keys.lock(key))) === 0) return await redis.get(keys.model(key));
      } catch {
        return null;
      }
    }
    return null;
  }

  async #fitAlone(key: string, reason: unknown): Promise<void> {
    this.#o.log.warn('router.not_shared', { key, message: (reason as Error).message });
    const router = await this.#o.fit(key);
    this.#serve(router, key, 'fitted here');
  }

  async #store(key: string, router: T): Promise<void> {
    const { redis, keys } = this.#o;
    const keep = this.#o.keep ?? 5;
    try {
      await redis.set(
        keys.model(key),
        this.#o.serialise(router),
        'EX',
        this.#o.ttlSeconds ?? 7 * 86_400,
      );
      await redis.lrem(keys.stored, 0, key);
      await redis.lpush(keys.stored, key);
      const older = await redis.lrange(keys.stored, keep, -1);
      await redis.ltrim(keys.stored, 0, keep - 1);
      const dropped = older.filter((k) => k !== key).map((k) => keys.model(k));
      if (dropped.length) await redis.del(...dropped);
    } catch (error) {
      // This process still serves it; the others fit their own once the lock is gone.
      this.#o.log.warn('router.not_stored', { key, message: (error as Error).message });
    }
  }

  #serveStored(key: string, text: string): boolean {
    let router: T;
    try {
      router = this.#o.parse(text);
    } catch (error) {
      this.#o.log.warn('router.stored_unreadable', { key, message: (error as Error).message });
      return false;
    }
    this.#serve(router, key, 'shared');
    return true;
  }

  #serve(router: T, key: string, origin: RouterOrigin): void {
    if (this.#closed) return;
    this.#key = key;
    this.#o.use(router, key, origin);
  }

  async #subscribe(): Promise<void> {
    const subscriber = this.#o.subscriber();
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.#o.keys.channel) return;
      const generation = announcedGeneration(raw);
      if (generation === undefined) return;
      this.#generation = Math.max(this.#generation ?? 0, generation);
      this.#schedule();
    });
    // Also after a first connect that failed (a blocked event loop can outlast its timeout):
    // ioredis reconnects by itself but re-subscribes only to channels it had subscribed.
    subscriber.on('ready', () => {
      subscriber.subscribe(this.#o.keys.channel).catch(() => {});
    });
    if (subscriber.status === 'wait') await subscriber.connect();
    await subscriber.subscribe(this.#o.keys.channel);
  }

  async #readGeneration(): Promise<number | undefined> {
    try {
      return Number((await this.#o.redis.get(this.#o.keys.generation)) ?? 0);
    } catch {
      return undefined;
    }
  }

  /** The periodic check: a generation this process has not seen means a missed message. */
  async #check(): Promise<void> {
    const generation = await this.#readGeneration();
    if (generation === undefined || generation === this.#generation) return;
    this.#generation = generation;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#scheduled) return;
    this.#scheduled = setTimeout(() => {
      this.#scheduled = undefined;
      this.refresh().catch((error: unknown) => {
        if (!this.#closed)
          this.#o.log.warn('router.refresh_failed', { message: (error as Error).message });
      });
    }, this.#o.settleMs ?? 1_000);
    this.#scheduled.unref();
  }
}

import type { EventEmitter } from 'node:events';
import type { Logger } from '@switchboard/core';
import { Redis, type RedisOptions } from 'ioredis';

/** Error codes of a lost or refused connection (as opposed to a command Redis answered with an error). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Command timed out|ECONNREFUSED|ECONNRESET/.test(
    message,
  );
}

export interface RedisOutageLogOptions {
  log: Logger;
  /** While Redis stays down, one summary line at most this often. @defaultValue 60_000 */
  summaryEveryMs?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/**
 * Quiet, rate-limited reporting of a Redis outage across every connection of a process. Without
 * it, ioredis prints "Unhandled error event" and BullMQ `console.error`s on every reconnect
 * attempt (a line a second per connection). With it: one line when Redis goes down, at most one
 * a minute while it stays down (with how many errors were swallowed), one when it is back.
 */
export class RedisOutageLog {
  readonly #log: Logger;
  readonly #every: number;
  readonly #clock: () => number;
  #downSince: number | null = null;
  #lastLine = 0;
  #errorsSinceLine = 0;
  #errorsTotal = 0;
  /** Non-connection errors, rate-limited per connection name. */
  readonly #otherLast = new Map<string, number>();

  constructor(options: RedisOutageLogOptions) {
    this.#log = options.log;
    this.#every = options.summaryEveryMs ?? 60_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** True between a connection error and the next successful (re)connection. */
  get down(): boolean {
    return this.#downSince !== null;
  }

  /** Milliseconds Redis has been down, or 0. */
  get downForMs(): number {
    return this.#downSince === null ? 0 : this.#clock() - this.#downSince;
  }

  /**
   * Takes over the `error` events of a connection (an ioredis client, a BullMQ queue or worker);
   * an ioredis client's `ready` event also marks Redis as back.
   */
  watch(name: string, emitter: EventEmitter): void {
    emitter.on('error', (err: unknown) => this.error(name, err));
    if (emitter instanceof Redis) emitter.on('ready', () => this.up());
  }

  /** Records an error seen on a connection (or by a caller that failed fast). */
  error(connection: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const now = this.#clock();
    if (!isConnectionError(err)) {
      const last = this.#otherLast.get(connection);
      if (last === undefined || now - last >= this.#every) {
        this.#otherLast.set(connection, now);
        this.#log.warn('redis.error', { connection, message });
      }
      return;
    }
    if (this.#downSince === null) {
      this.#downSince = now;
      this.#lastLine = now;
      this.#errorsSinceLine = 0;
      this.#errorsTotal = 1;
      this.#log.error('redis.down', { connection, message });
      return;
    }
    this.#errorsSinceLine++;
    this.#errorsTotal++;
    if (now - this.#lastLine >= this.#every) {
      this.#log.warn('redis.still_down', {
        downForMs: now - this.#downSince,
        errorsSinceLastLine: this.#errorsSinceLine,
        message,
      });
      this.#lastLine = now;
      this.#errorsSinceLine = 0;
    }
  }

  /**
   * Marks Redis as reachable again (logs once if it was down). A warning like the outage it
   * ends, so a log read at LOG_LEVEL=warn shows the outage closed, not still open.
   */
  up(): void {
    if (this.#downSince === null) return;
    this.#log.warn('redis.up', {
      downForMs: this.#clock() - this.#downSince,
      errors: this.#errorsTotal,
    });
    this.#downSince = null;
  }
}

/**
 * Options for a connection on the request path (conversation memory, feedback, rate limits): a
 * command fails at once while disconnected (no offline queue) and after `commandTimeoutMs` when
 * Redis hangs, so a chat never waits on a dead Redis. Reconnects keep trying, backing off to 2 s.
 */
export function failFastRedisOptions(commandTimeoutMs = 1_000): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
  };
}

/** Answers `ok` when Redis answers PING within `timeoutMs`, else why not; never waits longer. */
export async function pingWithin(redis: Redis, timeoutMs: number): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      redis.ping().then(
        (answer) => (answer === 'PONG' ? 'ok' : `unexpected reply ${answer}`),
        (err: unknown) => `unreachable: ${(err as Error).message}`,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

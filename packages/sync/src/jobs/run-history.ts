import type { Redis } from 'ioredis';
import type { SyncSummary } from '../run/run-sync.ts';
import type { SyncRunPayload } from './queues.ts';

/** A finished run as stored in its job's return value and in the source's history. */
export interface SyncRunSummary extends SyncSummary {
  runId: string;
  trigger: SyncRunPayload['trigger'];
  finishedAt: number;
}

export interface RunHistoryOptions {
  redis: Redis;
  /** @defaultValue 'switchboard:sync-history:' */
  prefix?: string;
  /** Runs kept per source. @defaultValue 20 */
  limit?: number;
}

/** The last runs of each source with their summaries, newest first (one Redis list per source). */
export class RunHistory {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #limit: number;

  constructor(options: RunHistoryOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'switchboard:sync-history:';
    this.#limit = options.limit ?? 20;
  }

  /** Idempotent per run id: a run finishing twice (a crash after the append) is listed once. */
  async append(summary: SyncRunSummary): Promise<void> {
    const key = this.#prefix + summary.source;
    if ((await this.list(summary.source)).some((run) => run.runId === summary.runId)) return;
    await this.#redis
      .multi()
      .lpush(key, JSON.stringify(summary))
      .ltrim(key, 0, this.#limit - 1)
      .exec();
  }

  async list(source: string): Promise<SyncRunSummary[]> {
    const raw = await this.#redis.lrange(this.#prefix + source, 0, -1);
    return raw.map((entry) => JSON.parse(entry) as SyncRunSummary);
  }
}

import { RedisCappedLog } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';
import type { SyncMode } from '../run/plan-sync.ts';
import type { SyncSummary } from '../run/run-sync.ts';
import type { SyncRunPayload } from './queues.ts';

/** How a run went: a sync mode, or `remove` (the run that purges a source taken away). */
export type RunMode = SyncMode | 'remove';

/** Why a run failed as a whole (a failed document is a `SyncFailure` of a finished run). */
export interface RunError {
  /** Where it stopped: `listing` (the source could not be listed), `starting`, `rebuilding`… */
  stage: string;
  /** A `PermanentSourceReason`, `transient` (retries exhausted), `unknown_source` or `error`. */
  reason: string;
  message: string;
}

/** A finished run as stored in its job's return value and in the source's history. */
export interface SyncRunSummary extends Omit<SyncSummary, 'mode'> {
  runId: string;
  mode: RunMode;
  trigger: SyncRunPayload['trigger'];
  finishedAt: number;
  /**
   * Set on a run that failed: it changed nothing in the index or the records (its counts are 0)
   * and the source keeps what it had.
   */
  error?: RunError;
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
    const log = this.#log(summary.source);
    if ((await log.recent(this.#limit)).some((run) => run.runId === summary.runId)) return;
    await log.push(summary);
  }

  list(source: string): Promise<SyncRunSummary[]> {
    return this.#log(source).recent(this.#limit);
  }

  #log(source: string): RedisCappedLog<SyncRunSummary> {
    return new RedisCappedLog({
      redis: this.#redis,
      key: this.#prefix + source,
      limit: this.#limit,
    });
  }
}

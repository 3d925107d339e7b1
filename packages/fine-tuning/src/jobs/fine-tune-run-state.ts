import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * What a `fine-tune-openai` run has already done, written BEFORE (intent) or right after (result)
 * each remote side effect, so a worker that restarts mid-run repeats none of them.
 */
export interface FineTuneRunSnapshot {
  /** Random tag stored in the remote job's metadata: finds the job after a crash in create. */
  runTag: string;
  trainFileId?: string;
  validationFileId?: string;
  /** Set just before `jobs.create` is called: a job may exist remotely without an id recorded. */
  createIntentAt?: number;
  remoteJobId?: string;
  /** The last remote event already reported, so progress lines are not repeated. */
  lastEventId?: string;
  /** `cancelTraining` was called: do not create a remote job, stop following. */
  cancelRequested?: boolean;
}

/** Where run states live under REDIS_PREFIX (the worker and the CLI must agree). */
export function fineTuneRunPrefix(redisPrefix: string): string {
  return `${redisPrefix}:fine-tune:`;
}

type Field = Exclude<keyof FineTuneRunSnapshot, 'runTag'>;

/** The run-state of one model version, a Redis hash under `<keyPrefix><version>`. */
export class FineTuneRunState {
  constructor(
    private readonly redis: Redis,
    /** e.g. `switchboard:fine-tune:` (the registry's own keys stay the registry's). */
    private readonly keyPrefix: string,
  ) {}

  /** The run's state; the first call fixes its run tag (HSETNX: concurrent callers agree). */
  async load(version: string): Promise<FineTuneRunSnapshot> {
    const key = this.key(version);
    await this.redis.hsetnx(key, 'runTag', randomUUID());
    const raw = await this.redis.hgetall(key);
    return {
      runTag: raw.runTag ?? '',
      ...(raw.trainFileId ? { trainFileId: raw.trainFileId } : {}),
      ...(raw.validationFileId ? { validationFileId: raw.validationFileId } : {}),
      ...(raw.createIntentAt ? { createIntentAt: Number(raw.createIntentAt) } : {}),
      ...(raw.remoteJobId ? { remoteJobId: raw.remoteJobId } : {}),
      ...(raw.lastEventId ? { lastEventId: raw.lastEventId } : {}),
      ...(raw.cancelRequested === '1' ? { cancelRequested: true } : {}),
    };
  }

  async record(version: string, fields: Partial<Pick<FineTuneRunSnapshot, Field>>): Promise<void> {
    const entries = Object.entries(fields).flatMap(([field, value]) =>
      value === undefined
        ? []
        : [field, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)],
    );
    if (entries.length) await this.redis.hset(this.key(version), ...entries);
  }

  async isCancelRequested(version: string): Promise<boolean> {
    return (await this.redis.hget(this.key(version), 'cancelRequested')) === '1';
  }

  private key(version: string): string {
    return `${this.keyPrefix}${version}`;
  }
}

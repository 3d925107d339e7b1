import { join } from 'node:path';
import { redactUrl } from '@switchboard/config';
import type { Logger } from '@switchboard/core';
import { type LocalRedis, type RedisPersistence, redisPersistence } from '@switchboard/local-redis';

/** Everything Switchboard keeps only in Redis: what a Redis that keeps nothing loses on restart. */
export const KEPT_IN_REDIS =
  'every conversation and its widget owner record, feedback, docs gaps, harvested training examples, ' +
  'the brand-voice model versions and which one is active, sources added at run time (and paused ones), ' +
  'the sync records and run history (every document then re-syncs as "added"), queued jobs and rate limits, ' +
  'the widget session secret when WIDGET_SESSION_SECRET is unset (every widget session ends) and the fitted router';

export interface ReportRedisPersistenceOptions {
  /** The Redis this process uses (from `ensureRedis`). */
  redis: LocalRedis;
  /** Switchboard's data directory (where a private redis-server keeps its files). */
  dataDir: string;
  log: Logger;
  /** @defaultValue redisPersistence (CONFIG GET appendonly/save, INFO persistence where CONFIG is off) */
  check?: (url: string) => Promise<RedisPersistence>;
}

/**
 * Checks what the configured Redis keeps on disk and says so once at start-up: a warn event when
 * it keeps nothing (what a Redis restart loses, and the two ways to fix it), info otherwise.
 * Never throws: the check is advice, not a condition to start.
 */
export async function reportRedisPersistence(
  options: ReportRedisPersistenceOptions,
): Promise<RedisPersistence> {
  const { redis, log } = options;
  const persistence = await (options.check ?? redisPersistence)(redis.url);
  const where = redactUrl(redis.url);
  const fields = {
    redis: where,
    ...(redis.privateDirectory ? { directory: redis.privateDirectory } : {}),
  };
  switch (persistence.kind) {
    case 'none':
      log.warn('redis.persistence.none', {
        ...fields,
        appendonly: 'no',
        save: '',
        message: `The Redis at ${where} keeps nothing on disk (appendonly no, no save rules): when that Redis restarts, Switchboard loses ${KEPT_IN_REDIS}.`,
        fix: `Turn on that Redis's append-only file (redis-cli CONFIG SET appendonly yes, then CONFIG REWRITE, or "appendonly yes" in its redis.conf), or point REDIS_URL at a free local port (e.g. redis://127.0.0.1:6380) and Switchboard starts its own redis-server there, keeping an append-only file in ${join(options.dataDir, 'redis')}.`,
      });
      break;
    case 'snapshots':
      log.info('redis.persistence', {
        ...fields,
        kind: 'snapshots',
        save: persistence.save,
        note: 'changes since the last snapshot are lost if Redis crashes; "appendonly yes" keeps them',
      });
      break;
    case 'append-only':
      log.info('redis.persistence', {
        ...fields,
        kind: 'append-only',
        ...(persistence.appendfsync ? { appendfsync: persistence.appendfsync } : {}),
      });
      break;
    case 'unknown':
      log.info('redis.persistence.unknown', {
        ...fields,
        reason: persistence.reason,
        advice: `make sure this Redis keeps an append-only file or snapshots: it holds ${KEPT_IN_REDIS}`,
      });
      break;
  }
  return persistence;
}

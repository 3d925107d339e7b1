import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

/**
 * The environment of a real runtime in a test: its own data dir, the run's private Redis, and a
 * key prefix of its own, so the in-process sync worker of one test file never takes another's
 * jobs (they all share one Redis).
 */
export function runtimeEnv(
  dataDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SWITCHBOARD_DATA_DIR: dataDir,
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `test-${randomUUID()}`,
    ...extra,
  };
}

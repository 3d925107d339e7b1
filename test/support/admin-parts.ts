import { randomUUID } from 'node:crypto';
import { createSyncQueue, RedisSourceStore, RunHistory, type SyncQueue } from '@switchboard/sync';
import type { Redis } from 'ioredis';

/**
 * The sync queue, source store and run history behind the admin routes, under a test's own key
 * prefix (and a queue name of its own), for `buildApp({ admin: { token, ...parts } })`.
 */
export function adminParts(
  redis: Redis,
  prefix: string,
  queueName: string = randomUUID(),
): { queue: SyncQueue; sources: RedisSourceStore; history: RunHistory } {
  return {
    queue: createSyncQueue({ connection: redis, prefix: `${prefix}bull`, name: queueName }),
    sources: new RedisSourceStore({ redis, prefix: `${prefix}sources:` }),
    history: new RunHistory({ redis, prefix: `${prefix}history:` }),
  };
}

import type { Config } from '@switchboard/config';
import { declaredSources, syncKeyPrefixes } from '@switchboard/runtime';
import { createSyncQueue, RedisSourceStore, RunHistory } from '@switchboard/sync';
import { Redis } from 'ioredis';
import type { RedisSyncParts } from './redis-backend.ts';

/** The queue, sources and run history on the configured Redis, under the server's key prefixes. */
export async function openRedisSyncParts(
  config: Config,
): Promise<RedisSyncParts & { close(): Promise<void> }> {
  // BullMQ wants `maxRetriesPerRequest: null` on the connections it uses.
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: null });
  const keys = syncKeyPrefixes(config.redis.prefix);
  const queue = createSyncQueue({ connection: redis, prefix: keys.queue });
  return {
    queue,
    // The declared sources too, so `list` shows them and `remove` refuses them.
    sources: new RedisSourceStore({
      redis,
      prefix: keys.sources,
      declared: await declaredSources(config),
    }),
    history: new RunHistory({ redis, prefix: keys.history }),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

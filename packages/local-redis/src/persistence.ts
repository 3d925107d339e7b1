import { Redis } from 'ioredis';

/**
 * What a Redis server keeps on disk, as far as it lets us see:
 * - `append-only`: an append-only file (at most `appendfsync` worth of writes lost on a crash);
 * - `snapshots`: RDB snapshots only (`save` rules): changes since the last snapshot are lost on a crash;
 * - `none`: nothing; everything is gone when that Redis restarts;
 * - `unknown`: CONFIG is refused (managed services, ACLs) and INFO does not settle it.
 */
export type RedisPersistence =
  | { kind: 'append-only'; appendfsync?: string; save?: string }
  | { kind: 'snapshots'; save: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

/** `CONFIG GET name` → its value; throws when CONFIG is refused (renamed, ACL, managed service). */
async function configValue(client: Redis, name: string): Promise<string | undefined> {
  const reply = (await client.config('GET', name)) as string[];
  return reply[1];
}

/** `INFO persistence` → `aof_enabled` (0/1); undefined when INFO is refused too. */
async function aofEnabledFromInfo(client: Redis): Promise<boolean | undefined> {
  try {
    const info = await client.info('persistence');
    const match = /^aof_enabled:(\d)/m.exec(info);
    return match ? match[1] === '1' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asks the Redis at `url` what it persists: `CONFIG GET appendonly` and `CONFIG GET save`, or,
 * where CONFIG is disabled, `INFO persistence`. Never throws; a Redis that does not answer
 * within `timeoutMs` is `unknown`.
 */
export async function redisPersistence(url: string, timeoutMs = 2_000): Promise<RedisPersistence> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    return { kind: 'unknown', reason: `Redis did not answer: ${(err as Error).message}` };
  }
  try {
    let appendonly: string | undefined;
    let save: string | undefined;
    let appendfsync: string | undefined;
    try {
      appendonly = await configValue(client, 'appendonly');
      save = await configValue(client, 'save');
      appendfsync = await configValue(client, 'appendfsync');
    } catch (err) {
      const reason = `CONFIG is not allowed (${(err as Error).message})`;
      const aof = await aofEnabledFromInfo(client);
      if (aof === true) return { kind: 'append-only' };
      return {
        kind: 'unknown',
        reason:
          aof === false
            ? `${reason}; INFO says the append-only file is off and snapshot rules cannot be read`
            : `${reason} and INFO persistence too`,
      };
    }
    if (appendonly === 'yes') {
      return {
        kind: 'append-only',
        ...(appendfsync ? { appendfsync } : {}),
        ...(save ? { save } : {}),
      };
    }
    if (save?.trim()) return { kind: 'snapshots', save: save.trim() };
    return { kind: 'none' };
  } finally {
    client.disconnect();
  }
}

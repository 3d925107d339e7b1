import { loadConfig } from '@switchboard/config';
import type { Out } from '../output.ts';
import { AdminClient } from '../server/admin-client.ts';
import { findServer } from '../server/find-server.ts';
import type { ProgressStream } from './run-progress.ts';
import type { SyncBackend } from './sync-backend.ts';

/** What the sync commands talk to; tests pass their own (own prefix, captured output). */
export interface SyncCliContext {
  backend: SyncBackend;
  out: Out;
  /** Progress bars and notes go here, so stdout stays parseable. */
  err: ProgressStream;
  /** How often `--wait` polls its run. @defaultValue 500 */
  pollMs?: number;
}

/**
 * Opens the sync commands' context: the admin API of the server that answers (HOST/PORT or
 * PUBLIC_URL) when SWITCHBOARD_ADMIN_TOKEN is set, else the queue and stores in Redis directly
 * (the same keys the server uses). Neither opens the index.
 */
export async function withSyncContext<T>(use: (context: SyncCliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const server = await findServer(config);
  const io = { out: process.stdout, err: process.stderr };
  if (server?.adminToken) {
    const { adminSyncBackend } = await import('./admin-backend.ts');
    const client = new AdminClient({ baseUrl: server.baseUrl, adminToken: server.adminToken });
    return use({ backend: adminSyncBackend(client), ...io });
  }
  // Before loading the rest: BullMQ's connections would wait for a missing Redis for ever.
  const { checkRedis } = await import('./check-redis.ts');
  await checkRedis(config.redis.url);
  const { openRedisSyncParts } = await import('./redis-parts.ts');
  const { redisSyncBackend } = await import('./redis-backend.ts');
  const parts = await openRedisSyncParts(config);
  try {
    return await use({ backend: redisSyncBackend(parts), ...io });
  } finally {
    await parts.close();
  }
}

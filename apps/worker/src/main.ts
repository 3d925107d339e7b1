import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { describeError } from '@switchboard/core';
import { EmbeddedIndex } from '@switchboard/knowledge';
import { ensureRedis } from '@switchboard/local-redis';
import { createEmbedder } from '@switchboard/providers';
import {
  combineRegistries,
  createSourceRegistry,
  createSyncWorker,
  RedisRecordStore,
  RedisSourceStore,
  triggerSync,
} from '@switchboard/sync';
import { Redis } from 'ioredis';

/** The knowledge folder from config is the `default` source. */
const DEFAULT_SOURCE = 'default';

/** Starts the sync worker: validate config, open Redis and the index, consume sync jobs. */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (line: string) => process.stdout.write(`[switchboard-worker] ${line}\n`);
  const localRedis = await ensureRedis({
    url: config.redis.url,
    autostart: config.redis.autostart,
    directory: join(config.dataDir, 'redis'),
  });
  // BullMQ workers block on Redis: they need an unlimited retry budget per request.
  const redis = new Redis(localRedis.url, { maxRetriesPerRequest: null });
  const index = await EmbeddedIndex.open({ directory: join(config.dataDir, 'index') });
  const embedder = config.embeddings ? createEmbedder(config.embeddings) : undefined;
  // The knowledge folder from config, then sources added at run time (admin API, CLI).
  const added = new RedisSourceStore({ redis });
  await added.refresh();
  const registry = combineRegistries(
    createSourceRegistry([{ name: DEFAULT_SOURCE, kind: 'directory', root: config.knowledgePath }]),
    added,
  );
  const sync = createSyncWorker({
    connection: redis,
    index,
    records: new RedisRecordStore({ redis }),
    registry,
    ...(embedder ? { embedder } : {}),
  });
  sync.worker.on('completed', (job, result) => {
    if (job.name === 'sync-run') say(`run ${job.id} done: ${JSON.stringify(result)}`);
  });
  sync.worker.on('failed', (job, err) => say(`job ${job?.name} ${job?.id} failed: ${err.message}`));

  const shutdown = async (signal: string) => {
    say(`${signal} received, shutting down`);
    await sync.close();
    await index.close();
    redis.disconnect();
    await localRedis.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const run = await triggerSync(sync.queue, { source: DEFAULT_SOURCE, trigger: 'startup' });
  say(
    `ready: syncing "${DEFAULT_SOURCE}" from ${config.knowledgePath} (run ${run.jobId}${run.joined ? ', joined a run already going' : ''})`,
  );
}

main().catch((err: unknown) => {
  // Start-up errors are ours to explain: print the message (it names the fix), not a stack.
  const message = describeError(err);
  process.stderr.write(`[switchboard-worker] failed to start: ${message}\n`);
  process.exit(1);
});

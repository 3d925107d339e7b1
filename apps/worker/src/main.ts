import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { describeError } from '@switchboard/core';
import { ensureRedis } from '@switchboard/local-redis';
import { createLogger, watchEventLoop } from '@switchboard/observability';
import { createEmbedder } from '@switchboard/providers';
import {
  guardProcess,
  loadCompanyProfile,
  openIndex,
  openSyncEngine,
  openTrainingEngine,
} from '@switchboard/runtime';

/** Set once the worker runs: closes its queues, index and Redis, then exits with `code`. */
let stopWorker: ((reason: string, code: number) => Promise<void>) | undefined;

/** Every line of the worker, in the same JSON format as the server's. */
const log = createLogger({ level: 'info', process: 'worker' });

// Unhandled rejections are logged and counted, never fatal; an uncaught exception is logged and
// stops the worker in order (see guardProcess for why): its jobs resume on the next start.
guardProcess({
  log,
  onFatal: () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    void (stopWorker?.('uncaught exception', 1) ?? Promise.resolve()).finally(() =>
      process.exit(1),
    );
  },
});
// A blocked event loop stalls every job's lock renewal at once; the log line says when.
watchEventLoop({ log });

/**
 * A standalone sync worker, for scaling sync out of the server process (set
 * SWITCHBOARD_WORKER=off on the servers then). With the embedded index, prefer the worker inside
 * `npm start`: the index is then written by one process only.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  log.level = config.server.logLevel;
  const say = (line: string) => log.info('worker.status', { msg: line });
  const localRedis = await ensureRedis({
    url: config.redis.url,
    autostart: config.redis.autostart,
    directory: join(config.dataDir, 'redis'),
  });
  const embedder = config.embeddings
    ? createEmbedder(config.embeddings, { timeouts: config.providerLimits.embeddings })
    : undefined;
  const index = await openIndex(config, embedder, log);
  const engine = await openSyncEngine({
    config,
    redisUrl: localRedis.url,
    index,
    ...(embedder ? { embedder } : {}),
    runWorker: true,
    log,
  });
  // Brand-voice training jobs run wherever sync jobs run.
  const training = openTrainingEngine({
    config,
    redisUrl: localRedis.url,
    profile: await loadCompanyProfile(config.companyProfilePath, config.companyName),
    runWorker: true,
    log,
  });

  const shutdown = async (signal: string, code = 0) => {
    say(`${signal} received, shutting down`);
    await training.close();
    await engine.close();
    await index.close();
    await localRedis.stop();
    process.exit(code);
  };
  stopWorker = shutdown;
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const runs = await engine.syncDeclared('startup');
  say(
    `ready: syncing ${[...runs.keys()].join(', ') || 'nothing (all paused)'}; watching ${engine.watching.join(', ') || 'nothing'}; schedules: ${engine.scheduled.join(', ') || 'none'}; training jobs: on`,
  );
}

main().catch((err: unknown) => {
  // Start-up errors are ours to explain: print the message (it names the fix), not a stack.
  process.stderr.write(`[switchboard-worker] failed to start: ${describeError(err)}\n`);
  process.exit(1);
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { EmbeddedIndex } from '@switchboard/knowledge';
import { openSyncEngine, StartupSync } from '@switchboard/runtime';
import { afterAll, expect, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';
import { connect, tempDir } from './fixtures/harness.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Issue 12, fast start: a start-up run that this process's own worker finishes is seen finished
 * at once, not at the next poll of its state. With a poll every ten minutes, only the worker's
 * event can end the wait within the test's minute.
 */
it('waits for a start-up run its own worker runs without polling for it', async () => {
  const data = await tempDir('startup-wait-data');
  const help = await tempDir('startup-wait-help');
  cleanups.push(data.remove, help.remove);
  await writeFile(join(help.path, 'guide.md'), '# Guide\n\n## Start\n\nPlug it in.\n');
  await writeFile(join(help.path, 'reset.md'), '# Reset\n\n## Factory reset\n\nHold the button.\n');
  const config = loadConfig(runtimeEnv(data.path, { SWITCHBOARD_KNOWLEDGE_PATH: help.path }));
  const index = await EmbeddedIndex.open({ directory: join(data.path, 'index') });
  cleanups.push(() => index.close());
  cleanups.push(async () => {
    const redis = connect(config.redis.url);
    const keys = await redis.keys(`${config.redis.prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  const engine = await openSyncEngine({
    config,
    redisUrl: config.redis.url,
    index,
    runWorker: true,
    log: { info() {}, warn() {}, error() {} },
  });
  cleanups.push(() => engine.close());
  const said: string[] = [];
  const startup = await StartupSync.start({
    engine,
    index,
    say: (line) => said.push(line),
    pollMs: 600_000,
  });
  expect(startup.done).toBe(false);

  await startup.settle();

  expect(startup.done).toBe(true);
  expect(startup.failures.size).toBe(0);
  expect(said.join('\n')).toMatch(/source "default" synced \(run .*\): 2 added/);
  expect(await index.count()).toBeGreaterThan(0);
}, 60_000);

import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { openRuntime } from '@switchboard/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeEnv } from '../support/runtime-env.ts';

/**
 * A warm start loads the router fitted on the synced index instead of fitting it again, even
 * though every start re-checks the docs with a sync that may finish while the router is fitted.
 */
describe('warm start', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('caches the router fitted after the start-up sync and loads it on the next start', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-warm-'));
    const env = runtimeEnv(dataDir, { REDIS_PREFIX: `test-${randomUUID()}` });
    const open = async () => {
      const lines: string[] = [];
      const runtime = await openRuntime(loadConfig(env), { log: (line) => lines.push(line) });
      await runtime.close();
      return lines.filter((line) => line.startsWith('router '));
    };
    const first = await open();
    expect(first.at(-1)).toMatch(/^router fitted \(/);
    const models = await readdir(join(dataDir, 'models'));
    expect(models.filter((f) => /^(router|topic)-/.test(f))).toHaveLength(2);
    const second = await open();
    expect(second.length).toBeGreaterThan(0);
    for (const line of second) expect(line).toMatch(/^router loaded/);
  }, 120_000);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '@switchboard/local-redis';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A private redis-server started for this test run (never the machine's shared one). */
    redisUrl: string;
  }
}

/** Starts one private Redis for the whole run; tests isolate themselves by key prefix. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-redis-'));
  const redis = await startRedisServer({ directory });
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
    await rm(directory, { recursive: true, force: true });
  };
}

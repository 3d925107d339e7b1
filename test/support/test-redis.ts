import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * A client of the run's private Redis and a key prefix of this file's own; every key under the
 * prefix is deleted after the file's tests, even when they fail. Call at the top of a describe.
 */
export function useTestRedis(): { readonly redis: Redis; readonly prefix: string } {
  const prefix = `test:${randomUUID()}:`;
  let client: Redis | undefined;
  beforeAll(() => {
    client = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    if (!client) return;
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });
  return {
    prefix,
    get redis(): Redis {
      if (!client) throw new Error('useTestRedis: the client exists only inside tests');
      return client;
    },
  };
}

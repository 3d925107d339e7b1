import { SwitchboardError } from '@switchboard/core';
import { Redis } from 'ioredis';

/** BullMQ's connections retry for ever: a Redis that is not there must fail here, at once. */
export async function checkRedis(url: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new SwitchboardError(
      'REDIS_UNAVAILABLE',
      `no server answered and Redis at ${new URL(url).host} does not either (${(error as Error).message}): start the server, or set REDIS_URL`,
      { cause: error },
    );
  } finally {
    probe.disconnect();
  }
}

import { SwitchboardError } from '@switchboard/core';

/** A Redis failure becomes REDIS_UNAVAILABLE (503), the original kept as cause. */
export async function withRedisErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new SwitchboardError(
      'REDIS_UNAVAILABLE',
      `Redis call failed: ${(cause as Error).message}`,
      { cause },
    );
  }
}

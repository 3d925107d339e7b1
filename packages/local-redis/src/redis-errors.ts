import { SwitchboardError } from '@switchboard/core';

/** Runs a Redis call, turning a connection or command failure into REDIS_UNAVAILABLE (cause kept). */
export async function withRedisErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new SwitchboardError(
      'REDIS_UNAVAILABLE',
      `Redis call failed: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

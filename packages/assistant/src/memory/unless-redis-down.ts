import { isSwitchboardError } from '@switchboard/core';

/**
 * Runs a call on Redis-backed state (conversation memory, the docs-gap list). When Redis is
 * unavailable the chat goes on: `onDown` is told (the reply is then flagged degraded) and
 * `fallback` is answered. Any other error is a real bug and propagates.
 */
export async function unlessRedisDown<T>(
  call: () => Promise<T>,
  fallback: T,
  onDown: (err: unknown) => void,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isSwitchboardError(err) || err.code !== 'REDIS_UNAVAILABLE') throw err;
    onDown(err);
    return fallback;
  }
}

import type { Logger } from '@switchboard/core';

export interface EventLoopWatchdogOptions {
  log: Pick<Logger, 'warn'>;
  /** A tick later than this is a block worth a line. @defaultValue 1000 */
  thresholdMs?: number;
  /** How often the loop is looked at. @defaultValue 250 */
  intervalMs?: number;
  /** For tests. @defaultValue performance.now */
  now?: () => number;
}

/**
 * Logs `event_loop.blocked` when the event loop could not run a timer for longer than
 * `thresholdMs`: while it is blocked no request is answered, so the line (with the time it
 * started) says why every request of that moment was late. Cheap: one unref'd timer.
 * Returns a function that stops watching.
 */
export function watchEventLoop(options: EventLoopWatchdogOptions): () => void {
  const threshold = options.thresholdMs ?? 1_000;
  const interval = options.intervalMs ?? 250;
  const now = options.now ?? (() => performance.now());
  let last = now();
  const timer = setInterval(() => {
    const at = now();
    const blockedMs = at - last - interval;
    last = at;
    if (blockedMs > threshold)
      options.log.warn('event_loop.blocked', {
        blockedMs: Math.round(blockedMs),
        since: new Date(Date.now() - blockedMs).toISOString(),
      });
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}

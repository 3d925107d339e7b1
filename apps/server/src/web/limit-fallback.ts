import type { RateLimitDecision } from '@switchboard/web-channel';

const WINDOW_MS = 60_000;
/** Keys tracked at most; the oldest window is dropped first, so memory stays bounded. */
const MAX_KEYS = 10_000;
const windows = new Map<string, { start: number; count: number }>();

/**
 * This process's own fixed one-minute window, used only while the shared (Redis) limiter cannot
 * answer: limits keep holding per process during a Redis outage instead of failing every request.
 */
export function fallbackHit(key: string, limit: number, now = Date.now()): RateLimitDecision {
  let window = windows.get(key);
  if (!window || now - window.start >= WINDOW_MS) {
    windows.delete(key);
    if (windows.size >= MAX_KEYS) {
      const oldest = windows.keys().next().value;
      if (oldest !== undefined) windows.delete(oldest);
    }
    window = { start: now, count: 0 };
    windows.set(key, window);
  }
  window.count++;
  const retryAfterSeconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
  return {
    allowed: window.count <= limit,
    remaining: Math.max(0, limit - window.count),
    retryAfterSeconds,
  };
}

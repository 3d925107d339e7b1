import type { Config } from '@switchboard/config';
import type { Runtime } from '@switchboard/runtime';
import { ApiKeyRing, RedisFailureThrottle, RedisRateLimiter } from '@switchboard/web-channel';
import type { AdminThrottle } from './admin/admin-auth.ts';
import type { ChatAccess } from './chat-route.ts';

/** Whether the server only listens on this machine (then nobody else can reach it directly). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Who may call `/api/chat`: the configured keys with their per-key limit (Redis, shared by every
 * server). With no key, callers on this machine only, and only while the server listens on
 * loopback. `line` says which, for the start-up log.
 */
export function chatAccessFrom(
  config: Config,
  redis: Runtime['redis'],
): { access: ChatAccess; line: string } {
  const keys = new ApiKeyRing(config.api.keys);
  const allowLoopback = keys.size === 0 && isLoopbackHost(config.server.host);
  const access: ChatAccess = {
    keys,
    limiter: new RedisRateLimiter({ redis, prefix: `${config.redis.prefix}:rate:` }),
    perKeyPerMinute: config.api.perKeyPerMinute,
    allowLoopback,
  };
  const line =
    keys.size > 0
      ? `chat API: ${keys.size} API key(s) (${config.api.keys.map((k) => k.name).join(', ')}), ${config.api.perKeyPerMinute} requests/min each`
      : allowLoopback
        ? 'chat API: no API key configured, so /api/chat answers only unauthenticated calls from this machine (development); set SWITCHBOARD_API_KEYS before exposing it'
        : `chat API: disabled (401) — HOST=${config.server.host} is not loopback and no SWITCHBOARD_API_KEYS are set`;
  return { access, line };
}

/** Ten wrong admin tokens per address in ten minutes, then 429 until the ten minutes are up. */
export function adminThrottleFrom(config: Config, redis: Runtime['redis']): AdminThrottle {
  return new RedisFailureThrottle({
    redis,
    prefix: `${config.redis.prefix}:admin-failures:`,
    maxFailures: 10,
    windowSeconds: 600,
  });
}

import { loadConfig } from '@switchboard/config';
import { RedisRateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import {
  MapConversationStore,
  tinyAssistant,
  tinyWebOptions,
} from '../../../test/support/tiny-assistant.ts';
import { buildApp } from './app.ts';

const PROXY = '10.0.0.1';

/** The widget's per-IP limit (2/min) is what tells whose address a request counted against. */
describe('X-Forwarded-For is honoured only from trusted proxies (TRUST_PROXY)', () => {
  const test = useTestRedis();
  const apps: FastifyInstance[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  const appTrusting = async (trustProxy: false | string[]) => {
    const memory = new MapConversationStore();
    const app = await buildApp({
      assistant: tinyAssistant(memory),
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 200,
      trustProxy,
      web: tinyWebOptions(test.redis, `${test.prefix}${apps.length}:`, memory, {
        rateLimits: { perSessionPerMinute: 100, perIpPerMinute: 2 },
        // A fixed clock: the test never straddles two rate-limit windows.
        limiter: new RedisRateLimiter({
          redis: test.redis,
          prefix: `${test.prefix}${apps.length}:rate:`,
          clock: () => 1_700_000_000_000,
        }),
      }),
    });
    apps.push(app);
    return app;
  };
  /** One widget session request from `remoteAddress`, claiming to be for `forwardedFor`. */
  const from = (app: FastifyInstance, remoteAddress: string, forwardedFor?: string) =>
    app
      .inject({
        method: 'POST',
        url: '/api/widget/session',
        payload: {},
        remoteAddress,
        headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      })
      .then((res) => res.statusCode);

  it('unset: clients behind one proxy share the proxy’s bucket, whatever they forward', async () => {
    const app = await appTrusting(loadConfig({}).server.trustProxy);
    expect(await from(app, PROXY, '198.51.100.1')).toBe(200);
    expect(await from(app, PROXY, '198.51.100.2')).toBe(200);
    expect(await from(app, PROXY, '198.51.100.3')).toBe(429);
  });

  it('trusted: each forwarded client has its own bucket', async () => {
    const app = await appTrusting(loadConfig({ TRUST_PROXY: `${PROXY}/32` }).server.trustProxy);
    for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      expect(await from(app, PROXY, client)).toBe(200);
    expect(await from(app, PROXY, '198.51.100.1')).toBe(200);
    expect(await from(app, PROXY, '198.51.100.1')).toBe(429);
    expect(await from(app, PROXY, '198.51.100.2')).toBe(200);
  });

  it('a spoofed X-Forwarded-For from an untrusted address is ignored', async () => {
    const app = await appTrusting([PROXY]);
    const stranger = '203.0.113.7';
    expect(await from(app, stranger, '198.51.100.11')).toBe(200);
    expect(await from(app, stranger, '198.51.100.12')).toBe(200);
    expect(await from(app, stranger, '198.51.100.13')).toBe(429);
    // Through the trusted proxy, a chain's spoofed first hop is not the client either: the
    // client is the last address the proxy added.
    expect(await from(app, PROXY, '198.51.100.99, 198.51.100.20')).toBe(200);
    expect(await from(app, PROXY, '198.51.100.98, 198.51.100.20')).toBe(200);
    expect(await from(app, PROXY, '198.51.100.97, 198.51.100.20')).toBe(429);
  });
});

import { createHash } from 'node:crypto';
import { ApiKeyRing, RedisRateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { MapConversationStore, tinyAssistant } from '../../../test/support/tiny-assistant.ts';
import { buildApp } from './app.ts';

const KEY_A = 'partner-a-secret-0123456789abcdefghij';
const KEY_B = 'partner-b-secret-0123456789abcdefghij';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('POST /api/chat access', () => {
  const test = useTestRedis();
  const memory = new MapConversationStore();
  const apps: FastifyInstance[] = [];

  const appWith = async (
    keys: string[][],
    options: { allowLoopback?: boolean; limit?: number } = {},
  ) => {
    const app = await buildApp({
      assistant: tinyAssistant(memory),
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 200,
      api: {
        keys: new ApiKeyRing(keys.map(([name = '', key = '']) => ({ name, sha256: sha256(key) }))),
        limiter: new RedisRateLimiter({
          redis: test.redis,
          prefix: `${test.prefix}${apps.length}:`,
        }),
        perKeyPerMinute: options.limit ?? 100,
        allowLoopback: options.allowLoopback ?? false,
      },
    });
    apps.push(app);
    return app;
  };
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith([
      ['partner-a', KEY_A],
      ['partner-b', KEY_B],
    ]);
  });
  afterAll(async () => {
    for (const each of apps) await each.close();
  });

  const chat = (target: FastifyInstance, payload: object, headers: Record<string, string> = {}) =>
    target.inject({ method: 'POST', url: '/api/chat', payload, headers });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  it('refuses a call without a key, or with a wrong one, with 401 and a reason', async () => {
    const none = await chat(app, { message: 'hi' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json().error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: /API key is required/,
    });
    const wrong = await chat(app, { message: 'hi' }, as(`${KEY_A}x`));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/not valid/);
    // Authentication comes before validation: a stranger learns nothing about the body.
    expect((await chat(app, { nonsense: 1 })).statusCode).toBe(401);
  });

  it('answers a caller with a valid key', async () => {
    const res = await chat(
      app,
      { message: 'I forgot my password', conversationId: 'c-1' },
      as(KEY_A),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ conversationId: 'c-1', route: 'brand' });
  });

  it('answers 429 with Retry-After over the key’s limit, and counts keys apart', async () => {
    const limited = await appWith(
      [
        ['partner-a', KEY_A],
        ['partner-b', KEY_B],
      ],
      { limit: 2 },
    );
    for (let i = 0; i < 2; i++)
      expect((await chat(limited, { message: 'hi' }, as(KEY_A))).statusCode).toBe(200);
    const over = await chat(limited, { message: 'hi' }, as(KEY_A));
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect((await chat(limited, { message: 'hi' }, as(KEY_B))).statusCode).toBe(200);
  });

  it('keeps each key’s conversations apart: another key can neither read nor append', async () => {
    await chat(
      app,
      { message: 'How do I pair over Wi-Fi?', conversationId: 'shared-id' },
      as(KEY_A),
    );
    // Key B uses the same id: a follow-up must not resolve against A's topic…
    const b = await chat(
      app,
      { message: 'and how long does it take?', conversationId: 'shared-id' },
      as(KEY_B),
    );
    expect(b.statusCode).toBe(200);
    expect(b.json().conversationId).toBe('shared-id');
    expect(b.json().resolvedQuery).not.toMatch(/wi-?fi|pair/i);
    // (The same follow-up from A does resolve against A's topic: the check above can fail.)
    const a = await chat(
      app,
      { message: 'and how long does it take?', conversationId: 'shared-id' },
      as(KEY_A),
    );
    expect(a.json().resolvedQuery).toMatch(/wi-?fi|pair/i);
    // …and A's conversation holds A's turns only.
    expect(memory.turns.get('api:partner-a:shared-id')?.map((t) => t.text)).toEqual([
      'How do I pair over Wi-Fi?',
      expect.any(String),
      'and how long does it take?',
      expect.any(String),
    ]);
    expect(memory.turns.get('api:partner-b:shared-id')).toHaveLength(2);
  });

  it('cannot reach a widget or Slack conversation by its id', async () => {
    memory.turns.set('slack:T1:C1:1700000000.000100', [
      { role: 'user', text: 'my order 123', at: 1 },
    ]);
    const res = await chat(
      app,
      { message: 'I forgot my password', conversationId: 'slack:T1:C1:1700000000.000100' },
      as(KEY_A),
    );
    expect(res.statusCode).toBe(200);
    expect(memory.turns.get('slack:T1:C1:1700000000.000100')).toHaveLength(1);
    expect(memory.turns.get('api:partner-a:slack:T1:C1:1700000000.000100')).toHaveLength(2);
  });

  it('streams with the caller’s own conversation id', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/chat?stream=1',
      payload: { message: 'I forgot my password', conversationId: 'c-s' },
      headers: as(KEY_B),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('"conversationId":"c-s"');
    expect(res.body).not.toContain('api:partner-b');
  });

  describe('with no key configured', () => {
    it('lets unforwarded loopback callers in when the server listens on loopback', async () => {
      const local = await appWith([], { allowLoopback: true });
      const ok = await chat(local, { message: 'I forgot my password', conversationId: 'dev' });
      expect(ok.statusCode).toBe(200);
      expect(memory.turns.get('api:local:dev')).toHaveLength(2);
      const remote = await local.inject({
        method: 'POST',
        url: '/api/chat',
        payload: { message: 'hi' },
        remoteAddress: '203.0.113.9',
      });
      expect(remote.statusCode).toBe(401);
      expect(remote.json().error.message).toMatch(/server’s own machine/);
      // A proxy on the same machine forwards strangers from 127.0.0.1: refused too.
      const proxied = await chat(local, { message: 'hi' }, { 'x-forwarded-for': '203.0.113.9' });
      expect(proxied.statusCode).toBe(401);
    });

    it('is disabled with a reason when the server is not on loopback', async () => {
      const off = await appWith([], { allowLoopback: false });
      const res = await chat(off, { message: 'hi' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toMatch(/disabled.*SWITCHBOARD_API_KEYS/);
    });

    it('never admits loopback callers without a key once keys are configured', async () => {
      expect((await chat(app, { message: 'hi' })).statusCode).toBe(401);
    });
  });
});

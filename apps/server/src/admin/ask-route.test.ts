import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { adminParts } from '../../../../test/support/admin-parts.ts';
import { MapConversationStore, tinyAssistant } from '../../../../test/support/tiny-assistant.ts';
import { type AppOptions, buildApp } from '../app.ts';

const TOKEN = 'admin-ask-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('POST /admin/api/ask (switchboard ask while the server runs)', () => {
  let redis: Redis;
  let prefix: string;
  let memory: MapConversationStore;
  let app: FastifyInstance;
  let parts: ReturnType<typeof adminParts>;

  const build = async (withAssistant: boolean) => {
    const assistant = tinyAssistant(memory);
    app = await buildApp({
      assistant: assistant as AppOptions['assistant'],
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, ...parts, ...(withAssistant ? { assistant } : {}) },
    });
  };

  beforeEach(() => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    prefix = `test-${randomUUID()}:`;
    memory = new MapConversationStore();
    parts = adminParts(redis, prefix);
  });
  afterEach(async () => {
    await app.close();
    await parts.queue.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const ask = (payload: unknown, headers: Record<string, string> = auth) =>
    app.inject({ method: 'POST', url: '/admin/api/ask', headers, payload: payload as object });

  it('answers with the whole reply, in the named conversation on the cli channel', async () => {
    await build(true);
    const res = await ask({ question: '  I forgot my password ', conversationId: 'cli-test.1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      conversationId: 'cli-test.1',
      route: 'brand',
      text: 'Use the reset link.',
      resolvedQuery: 'I forgot my password',
      decision: { route: 'brand', scores: expect.any(Object), thresholds: expect.any(Object) },
    });
    expect((await memory.load('cli-test.1')).map((turn) => turn.role)).toEqual([
      'user',
      'assistant',
    ]);
  });

  it('needs the admin token and a well-formed body', async () => {
    await build(true);
    expect((await ask({ question: 'hi' }, {})).statusCode).toBe(401);
    expect((await ask({ question: 'hi' }, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    for (const body of [
      {},
      { question: '   ' },
      { question: 'hi', extra: 1 },
      { question: 'hi', conversationId: 'has space' },
    ]) {
      const res = await ask(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
  });

  it('does not exist when the admin API is given no assistant', async () => {
    await build(false);
    expect((await ask({ question: 'hi' })).statusCode).toBe(404);
  });
});

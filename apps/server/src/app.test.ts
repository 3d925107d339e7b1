import { createHash } from 'node:crypto';
import { ApiKeyRing, RedisRateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { MapConversationStore, tinyAssistant } from '../../../test/support/tiny-assistant.ts';
import { buildApp } from './app.ts';

const API_KEY = 'app-test-key-0123456789abcdefghijklmnop';
const auth = { authorization: `Bearer ${API_KEY}` };

function parseSse(body: string): Array<{ event: string; data: unknown }> {
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
      return { event, data };
    });
}

describe('HTTP API', () => {
  const test = useTestRedis();
  let app: FastifyInstance;
  const memory = new MapConversationStore();

  beforeAll(async () => {
    const assistant = tinyAssistant(memory);
    app = await buildApp({
      assistant,
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 200,
      api: {
        keys: new ApiKeyRing([
          { name: 'app-test', sha256: createHash('sha256').update(API_KEY).digest('hex') },
        ]),
        limiter: new RedisRateLimiter({ redis: test.redis, prefix: test.prefix }),
        perKeyPerMinute: 1000,
        allowLoopback: false,
      },
    });
  });
  afterAll(() => app.close());

  const post = (payload: unknown, url = '/api/chat') =>
    app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: auth });

  it('answers with the reply JSON, route and confidence', async () => {
    const res = await post({ message: 'I forgot my password', conversationId: 'c-1' });
    expect(res.statusCode).toBe(200);
    const reply = res.json();
    expect(reply).toMatchObject({
      conversationId: 'c-1',
      route: 'brand',
      text: 'Use the reset link.',
    });
    expect(reply.confidence).toBeCloseTo(0.95);
    expect(reply.decision.scores.brand).toBeCloseTo(0.95);
    // Kept in the key's own namespace: no other caller or channel can reach it.
    expect(memory.turns.get('api:app-test:c-1')).toHaveLength(2);
  });

  it('assigns a conversation id when none is given', async () => {
    const res = await post({ message: 'How do I pair over Wi-Fi?' });
    expect(res.json().conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json().citations[0]).toMatchObject({ index: 1, chunkId: 'wifi.md#1' });
  });

  it.each([
    ['missing message', {}],
    ['message of the wrong type', { message: 42 }],
    ['empty message', { message: '   ' }],
    ['unknown field', { message: 'hi', admin: true }],
    ['bad conversation id', { message: 'hi', conversationId: '../../etc' }],
  ])('rejects %s with 400 and a reason', async (_name, payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toMatch(/\w+/);
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { 'content-type': 'application/json', ...auth },
      payload: '{"message": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });

  it('rejects a message over the limit with 413', async () => {
    const res = await post({ message: 'x'.repeat(201) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { maxChars: 200 },
    });
  });

  it('streams meta, deltas and done as server-sent events', async () => {
    const res = await post(
      { message: 'I forgot my password', conversationId: 'c-2' },
      '/api/chat?stream=1',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(res.body);
    expect(events[0]?.event).toBe('meta');
    const deltas = events
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text);
    expect(deltas).toEqual(['Use the ', 'reset link.']);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect((done.data as { reply: { text: string } }).reply.text).toBe(deltas.join(''));
  });

  it('streams over a real socket, not only through inject()', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${address}/api/chat?stream=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ message: 'I forgot my password' }),
    });
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['meta', 'delta', 'delta', 'done']);
  });

  it('answers 404 in the error shape for unknown routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('reports health', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok', checks: {} });
  });
});

import {
  HandoffLoop,
  HandoffService,
  RedisHandoffStateStore,
  signWebhook,
} from '@switchboard/assistant';
import type { HandoffTarget } from '@switchboard/core';
import { RedisHarvestStore } from '@switchboard/fine-tuning';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapConversationStore } from '../../../test/support/map-conversation-store.ts';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from './app.ts';

const SECRET = 'handoff-routes-secret-0123';
const TOKEN = 'chatwoot-route-token-0123456789';

/** The agents' ways in: the signed reply webhook and Chatwoot's tokened webhook. */
describe('agent routes of the handoff loop (real Redis)', () => {
  const db = useTestRedis();
  let app: FastifyInstance;
  let loop: HandoffLoop;
  const memory = new MapConversationStore();

  beforeAll(async () => {
    const desk: HandoffTarget = { name: 'chatwoot', deliver: async () => ({ ref: '42' }) };
    loop = new HandoffLoop({
      service: new HandoffService({ memory, targets: [desk] }),
      states: new RedisHandoffStateStore({
        redis: db.redis,
        prefix: `${db.prefix}h:`,
        ttlSeconds: 600,
      }),
      memory,
      timeoutMs: 600_000,
    });
    const harvest = new RedisHarvestStore({ redis: db.redis, prefix: `${db.prefix}harvest:` });
    app = await buildApp({
      assistant: {} as AppOptions['assistant'],
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      handoffReplies: { secret: SECRET, harvest, loop },
      chatwoot: { token: TOKEN, loop },
    });
  });
  afterAll(() => app.close());

  const reply = (body: unknown) => {
    const raw = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    return app.inject({
      method: 'POST',
      url: '/api/handoff/replies',
      payload: raw,
      headers: {
        'content-type': 'application/json',
        'x-switchboard-timestamp': String(timestamp),
        'x-switchboard-signature': signWebhook(SECRET, timestamp, raw),
      },
    });
  };
  const chatwoot = (token: string, body: unknown) =>
    app.inject({ method: 'POST', url: `/api/handoff/chatwoot/${token}`, payload: body as object });

  it('answers 404 for a conversation that was never handed off, 400 for a body that says nothing', async () => {
    const unknown = await reply({ conversationId: 'web:nobody-here-12345', text: 'hello' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { details: { field: 'conversationId' } } });
    expect((await reply({ conversationId: 'web:x' })).statusCode).toBe(400);
  });

  it('delivers a reply and hands back in one request', async () => {
    await loop.request({ conversationId: 'web:c-1', reason: 'customer_asked', channel: 'web' });
    const res = await reply({
      conversationId: 'web:c-1',
      text: 'Done!',
      agent: 'Sam',
      handBack: true,
    });
    expect(res.json()).toEqual({ delivered: false, mode: 'bot' });
    expect(memory.turns.get('web:c-1')?.map((t) => t.role)).toEqual(['agent', 'assistant']);
    expect((await loop.state('web:c-1'))?.history.map((h) => h.mode)).toEqual([
      'waiting',
      'agent',
      'bot',
    ]);
  });

  it("takes Chatwoot's events only with the token, and maps them to the conversation by its link", async () => {
    await loop.request({ conversationId: 'web:c-2', reason: 'customer_asked', channel: 'web' });
    const event = {
      event: 'message_created',
      message_type: 'outgoing',
      private: false,
      content: 'Hello from Chatwoot',
      sender: { id: 7, name: 'Priya', type: 'user' },
      conversation: { id: 42 },
    };
    expect((await chatwoot('wrong-token-0123456789abcdef', event)).statusCode).toBe(401);
    expect((await loop.state('web:c-2'))?.mode).toBe('waiting');
    const ok = await chatwoot(TOKEN, event);
    expect(ok.json()).toMatchObject({ handled: true });
    expect((await loop.state('web:c-2'))?.agent).toEqual({
      id: '7',
      name: 'Priya',
      via: 'chatwoot',
    });
    expect((await chatwoot(TOKEN, { ...event, private: true })).json()).toEqual({ handled: false });
    const resolved = await chatwoot(TOKEN, {
      event: 'conversation_status_changed',
      id: 42,
      status: 'resolved',
    });
    expect(resolved.json()).toEqual({ handled: true });
    expect((await loop.state('web:c-2'))?.mode).toBe('bot');
  });
});

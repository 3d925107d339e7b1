import { createSessionToken, mintIdentityToken } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import {
  MapConversationStore,
  tinyAssistant,
  tinyWebOptions,
} from '../../../../test/support/tiny-assistant.ts';
import { buildApp } from '../app.ts';

const SECRET = 'ownership-session-secret'.padEnd(40, 'x');
const IDENTITY = 'ownership-identity-secret'.padEnd(40, 'y');
const SLACK_ID = 'slack:T0001:C0001:1700000000.000100';

describe('widget conversations belong to someone', () => {
  const test = useTestRedis();
  const memory = new MapConversationStore();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp({
      assistant: tinyAssistant(memory),
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 200,
      web: tinyWebOptions(test.redis, test.prefix, memory, {
        sessionSecret: SECRET,
        identitySecret: IDENTITY,
      }),
    });
    memory.turns.set(SLACK_ID, [
      { role: 'user', text: 'my order is 4471, ada@example.com', at: 1 },
    ]);
  });
  afterAll(() => app?.close());

  const session = (body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/widget/session', payload: body });
  const open = async (body: Record<string, unknown> = {}) =>
    (await session(body)).json() as { token: string; conversationId: string; grant?: string };
  const transcript = (token: string) =>
    app.inject({
      method: 'GET',
      url: '/api/widget/conversation',
      headers: { authorization: `Bearer ${token}` },
    });
  const say = (token: string, message: string) =>
    app.inject({
      method: 'POST',
      url: '/api/widget/chat',
      headers: { authorization: `Bearer ${token}` },
      payload: { message },
    });
  const identity = (userId: string) => mintIdentityToken({ userId }, { secret: IDENTITY });

  it('issues a random web: id and a grant with every new conversation', async () => {
    const a = await open();
    const b = await open();
    expect(a.conversationId).toMatch(/^web:[0-9a-f]{32}$/);
    expect(a.conversationId).not.toBe(b.conversationId);
    expect(a.grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("refuses another anonymous session's conversation without its grant", async () => {
    const victim = await open();
    await say(victim.token, 'I forgot my password');
    for (const attempt of [
      { conversationId: victim.conversationId },
      { conversationId: victim.conversationId, grant: (await open()).grant },
    ]) {
      const res = await session(attempt);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({
        code: 'NOT_FOUND',
        details: { field: 'conversationId' },
      });
      expect(res.json().token).toBeUndefined();
    }
    // The owner (same grant, e.g. after a reload) gets it back, history and all.
    const again = await open({ conversationId: victim.conversationId, grant: victim.grant });
    expect(again.conversationId).toBe(victim.conversationId);
    expect((await transcript(again.token)).json().turns).toHaveLength(2);
  });

  it('never opens a Slack (or any non-web) conversation, grant or not', async () => {
    const { grant } = await open();
    for (const conversationId of [
      SLACK_ID,
      'bf:msteams:a:19abc',
      'api:partner:c-1',
      'c-12345678',
    ]) {
      expect((await session({ conversationId })).statusCode).toBe(404);
      expect((await session({ conversationId, grant })).statusCode).toBe(404);
    }
    expect(memory.turns.get(SLACK_ID)).toHaveLength(1);
  });

  it("refuses an identified user's conversation to anonymous sessions and other users", async () => {
    const ada = await open({ identity: await identity('ada') });
    await say(ada.token, 'I forgot my password');
    expect((await session({ conversationId: ada.conversationId })).statusCode).toBe(404);
    const bob = await session({
      conversationId: ada.conversationId,
      identity: await identity('bob'),
    });
    expect(bob.statusCode).toBe(404);
    // Ada on another device (no grant there) reopens her own conversation.
    const elsewhere = await open({
      conversationId: ada.conversationId,
      identity: await identity('ada'),
    });
    expect(elsewhere.conversationId).toBe(ada.conversationId);
    expect((await transcript(elsewhere.token)).json().turns).toHaveLength(2);
  });

  it('refuses a validly signed token for a conversation outside the web namespace', async () => {
    // As a server before owners existed would have signed it: it must not open the Slack thread.
    const legacy = createSessionToken(
      { sid: 'old', conversationId: SLACK_ID, exp: Math.floor(Date.now() / 1000) + 60 },
      SECRET,
    );
    expect((await transcript(legacy)).statusCode).toBe(401);
    expect((await say(legacy, 'append this')).statusCode).toBe(401);
    const handoff = await app.inject({
      method: 'POST',
      url: '/api/widget/handoff',
      headers: { authorization: `Bearer ${legacy}` },
      payload: {},
    });
    expect(handoff.statusCode).toBe(401);
    expect(memory.turns.get(SLACK_ID)).toHaveLength(1);
  });

  it("posts only to the session's own conversation", async () => {
    const mine = await open();
    const theirs = await open();
    await say(mine.token, 'I forgot my password');
    expect((await transcript(theirs.token)).json().turns).toEqual([]);
    expect(memory.turns.get(mine.conversationId)).toHaveLength(2);
  });
});

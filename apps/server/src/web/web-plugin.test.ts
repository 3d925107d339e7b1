import { gunzipSync, gzipSync } from 'node:zlib';
import {
  Assistant,
  HandoffLoop,
  HandoffService,
  RedisHandoffStateStore,
} from '@switchboard/assistant';
import type { BrandVoiceModel, Chunk, Feedback, Retriever } from '@switchboard/core';
import {
  ConversationOwners,
  createSessionToken,
  mintIdentityToken,
  RedisRateLimiter,
} from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageOnlyRouter } from '../../../../test/support/coverage-router.ts';
import { MapConversationStore } from '../../../../test/support/map-conversation-store.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { buildApp } from '../app.ts';
import { indexArticles } from './articles.ts';
import type { WebOptions } from './web-options.ts';

/** Small real parts: the web channel's HTTP behaviour is under test, not the models. */
const brandVoice: BrandVoiceModel = {
  id: 'test-brand',
  classify: () => ({
    label: 'other',
    confidence: 0.1,
    ranked: [{ label: 'other', probability: 0.1 }],
  }),
  async *respond() {
    yield 'Hello.';
  },
};
const chunk: Chunk = {
  id: 'sensors.md#1',
  docId: 'features/room sensors.md',
  title: 'Room Sensors',
  sectionPath: ['Pair'],
  text: 'Pull the battery tab, then tap Add sensor in the app to pair the sensor.',
  hash: 'h',
  position: 0,
};
const retriever: Retriever = {
  async retrieve(query) {
    const hit = /sensor|pair/i.test(query);
    return { query, hits: hit ? [{ chunk, score: 1, coverage: 1 }] : [], evidence: hit ? 1 : 0 };
  },
};
function parseSse(body: string): Array<{ event: string; data: Record<string, unknown> }> {
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
      data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
    }));
}

const SECRET = 'session-secret-'.padEnd(40, 'x');
const IDENTITY = 'identity-secret-'.padEnd(40, 'y');
const ALLOWED = 'https://shop.example.com';

describe('web channel HTTP API', () => {
  const test = useTestRedis();
  const memory = new MapConversationStore();
  const feedback: Feedback[] = [];
  let delivered: string[] = [];
  let app: FastifyInstance;

  beforeAll(async () => {
    const assistant = new Assistant({
      brandVoice,
      retriever,
      memory,
      router: coverageOnlyRouter(),
    });
    const handoff = new HandoffService({
      memory,
      targets: [
        {
          get name() {
            return delivered.length ? 'desk' : 'nowhere';
          },
          async deliver() {
            if (!delivered.length) throw new Error('desk is down');
          },
        },
      ],
    });
    const web: WebOptions = {
      assistant,
      memory,
      feedback: { record: async (f) => void feedback.push(f) },
      handoff: new HandoffLoop({
        service: handoff,
        states: new RedisHandoffStateStore({
          redis: test.redis,
          prefix: `${test.prefix}handoff:`,
          ttlSeconds: 600,
        }),
        memory,
        timeoutMs: 600_000,
      }),
      limiter: new RedisRateLimiter({ redis: test.redis, prefix: test.prefix }),
      owners: new ConversationOwners({
        redis: test.redis,
        prefix: `${test.prefix}owner:`,
        ttlSeconds: 600,
      }),
      sessionSecret: SECRET,
      identitySecret: IDENTITY,
      sessionTtlSeconds: 600,
      allowedOrigins: [ALLOWED],
      rateLimits: { perSessionPerMinute: 1000, perIpPerMinute: 1000 },
      maxMessageChars: 50,
      contact: { email: 'help@nimbus.example' },
      widget: async () => ({
        code: 'void 0;',
        etag: '"abc"',
        gzip: gzipSync('void 0;'),
        bytes: 7,
        gzipBytes: 27,
      }),
      demoPage: async () => '<!doctype html><title>demo</title>',
      articles: indexArticles({
        getDocumentChunks: async (id) =>
          id === chunk.docId
            ? [{ ...chunk, title: 'Room <Sensors>', text: '<script>x()</script> pair' }]
            : [],
      }),
    };
    app = await buildApp({
      assistant,
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 50,
      web,
    });
  });
  afterAll(() => app?.close());

  const session = async (body: Record<string, unknown> = {}, origin = ALLOWED) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/widget/session',
      headers: { origin },
      payload: body,
    });
    return res;
  };
  const tokenFor = async (body: Record<string, unknown> = {}) =>
    (await session(body)).json() as {
      token: string;
      conversationId: string;
      grant: string;
      expiresAt: number;
    };
  const post = (url: string, token: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: `/api/widget/${url}`,
      headers: { origin: ALLOWED, authorization: `Bearer ${token}` },
      payload,
    });

  describe('origins', () => {
    it('gives allowed origins a session with CORS headers', async () => {
      const res = await session();
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      const body = res.json();
      expect(body.conversationId).toMatch(/^web:[0-9a-f]{32}$/);
      expect(body.grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.expiresAt).toBeGreaterThan(Date.now());
    });

    it('refuses other origins with 403 in the usual error shape', async () => {
      const res = await session({}, 'https://evil.example');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows the server’s own origin and requests without Origin', async () => {
      expect((await session({}, 'http://localhost')).statusCode).toBe(200);
      const res = await app.inject({ method: 'POST', url: '/api/widget/session', payload: {} });
      expect(res.statusCode).toBe(200);
    });

    it('answers preflights for allowed origins only', async () => {
      const preflight = (origin: string) =>
        app.inject({
          method: 'OPTIONS',
          url: '/api/widget/chat',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const ok = await preflight(ALLOWED);
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-headers']).toMatch(/authorization/);
      expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect((await preflight('https://evil.example')).statusCode).toBe(403);
    });
  });

  describe('sessions', () => {
    it('reopens a conversation with its grant, and refuses a malformed id', async () => {
      const { conversationId, grant } = await tokenFor();
      const again = (await session({ conversationId, grant })).json();
      expect(again.conversationId).toBe(conversationId);
      expect(again.grant).toBeUndefined();
      const bad = await session({ conversationId: '../../x' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.field).toBe('conversationId');
    });

    it('refuses forged and expired identity JWTs with 401', async () => {
      const forged = await mintIdentityToken({ userId: 'u1' }, { secret: 'z'.repeat(40) });
      const expired = await mintIdentityToken(
        { userId: 'u1' },
        { secret: IDENTITY, clock: () => Date.now() - 3_600_000 },
      );
      for (const identity of [forged, expired]) {
        const res = await session({ identity });
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    });
  });

  describe('chat', () => {
    it('streams the answer as server-sent events with linked citations', async () => {
      const { token, conversationId } = await tokenFor();
      const res = await post('chat', token, { message: 'How do I pair a sensor?' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      const events = parseSse(res.body);
      expect(events[0]?.event).toBe('meta');
      expect(events.some((e) => e.event === 'delta')).toBe(true);
      const done = events.at(-1);
      expect(done?.event).toBe('done');
      const reply = done?.data.reply as { messageId: string; citations: unknown[]; text: string };
      expect(reply.messageId).toBe(events[0]?.data.messageId);
      expect(reply.citations).toEqual([
        {
          index: 1,
          title: 'Room Sensors',
          url: 'http://localhost/help/features/room%20sensors.md',
        },
      ]);
      expect(memory.turns.get(conversationId)?.at(-1)?.id).toBe(reply.messageId);
    });

    it('takes the conversation from the token, never from the body', async () => {
      const { token } = await tokenFor();
      const res = await post('chat', token, { message: 'hi', conversationId: 'someone-elses' });
      expect(res.statusCode).toBe(400);
    });

    it('refuses missing, forged and expired tokens with 401', async () => {
      const expired = createSessionToken(
        {
          sid: 's',
          conversationId: 'web:0123456789abcdef',
          exp: Math.floor(Date.now() / 1000) - 1,
        },
        SECRET,
      );
      for (const token of ['', 'nope', `${(await tokenFor()).token}x`, expired]) {
        const res = await post('chat', token, { message: 'hi' });
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    });

    it('refuses a message over the limit with 413', async () => {
      const { token } = await tokenFor();
      const res = await post('chat', token, { message: 'x'.repeat(51) });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: { maxChars: 50 },
      });
    });
  });

  describe('feedback, handoff and history', () => {
    it('records 👎 with a reason against the conversation, for known messages only', async () => {
      const { token, conversationId } = await tokenFor();
      const chat = parseSse((await post('chat', token, { message: 'pair sensor' })).body);
      const messageId = (chat.at(-1)!.data.reply as { messageId: string }).messageId;
      const res = await post('feedback', token, {
        messageId,
        rating: 'down',
        reason: ' link broken ',
      });
      expect(res.statusCode).toBe(200);
      expect(feedback.at(-1)).toMatchObject({
        conversationId,
        messageId,
        rating: 'down',
        reason: 'link broken',
        channel: 'web',
      });
      expect((await post('feedback', token, { messageId: 'other', rating: 'up' })).statusCode).toBe(
        404,
      );
      expect((await post('feedback', token, { messageId, rating: 'meh' })).statusCode).toBe(400);
    });

    it('hands off with the identified user and says whether people got it', async () => {
      const identity = await mintIdentityToken(
        { userId: 'cust-7', email: 'ada@example.com' },
        { secret: IDENTITY },
      );
      const { token } = await tokenFor({ identity });
      delivered = [];
      const failed = await post('handoff', token, {});
      expect(failed.json()).toMatchObject({
        delivered: false,
        contact: { email: 'help@nimbus.example' },
      });
      delivered = ['desk'];
      const ok = await post('handoff', token, {});
      expect(ok.json().delivered).toBe(true);
      expect(ok.json().contact).toBeUndefined();
    });

    it('restores the transcript with message ids and citation links', async () => {
      const { token, conversationId, grant } = await tokenFor();
      await post('chat', token, { message: 'pair sensor' });
      const again = await tokenFor({ conversationId, grant });
      const res = await app.inject({
        method: 'GET',
        url: '/api/widget/conversation',
        headers: { authorization: `Bearer ${again.token}` },
      });
      expect(res.statusCode).toBe(200);
      const { turns } = res.json() as { turns: Array<Record<string, unknown>> };
      expect(turns.map((t) => t.role)).toEqual(['user', 'assistant']);
      expect(turns[1]).toMatchObject({
        id: expect.any(String),
        citations: [{ index: 1, url: expect.stringContaining('/help/') }],
      });
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After per session', async () => {
      const { token } = await tokenFor();
      // The app's per-session limit is high; exhaust it directly through the same Redis keys.
      const sid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())
        .sid as string;
      const window = Math.floor(Date.now() / 60_000);
      await test.redis.set(`${test.prefix}session:${sid}:${window}`, '5000', 'EX', 120);
      const res = await post('chat', token, { message: 'hi' });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.json().error.code).toBe('RATE_LIMITED');
    });

    it('answers 429 per IP on every widget route', async () => {
      const window = Math.floor(Date.now() / 60_000);
      await test.redis.set(`${test.prefix}ip:127.0.0.1:${window}`, '5000', 'EX', 120);
      try {
        const res = await session();
        expect(res.statusCode).toBe(429);
        expect(res.headers['retry-after']).toBeDefined();
      } finally {
        await test.redis.del(`${test.prefix}ip:127.0.0.1:${window}`);
      }
    });
  });

  describe('static routes', () => {
    it('serves the widget with an ETag and answers 304 when unchanged', async () => {
      const res = await app.inject({ method: 'GET', url: '/widget.js' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers.etag).toBe('"abc"');
      expect(res.headers['cache-control']).toMatch(/max-age/);
      const zipped = await app.inject({
        method: 'GET',
        url: '/widget.js',
        headers: { 'accept-encoding': 'gzip, br' },
      });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.rawPayload).toString()).toBe('void 0;');
      const again = await app.inject({
        method: 'GET',
        url: '/widget.js',
        headers: { 'if-none-match': '"abc"' },
      });
      expect(again.statusCode).toBe(304);
    });

    it('serves the demo page and help pages with document markup escaped', async () => {
      expect((await app.inject({ method: 'GET', url: '/' })).headers['content-type']).toMatch(
        /html/,
      );
      const page = await app.inject({ method: 'GET', url: '/help/features/room%20sensors.md' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Room &lt;Sensors&gt;');
      expect(page.body).toContain('&lt;script&gt;');
      expect(page.body).not.toContain('<script>');
      expect((await app.inject({ method: 'GET', url: '/help/nope.md' })).statusCode).toBe(404);
    });
  });
});

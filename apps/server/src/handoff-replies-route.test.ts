import { randomUUID } from 'node:crypto';
import { signWebhook } from '@switchboard/assistant';
import { RedisHarvestStore } from '@switchboard/fine-tuning';
import { createSyncQueue, RedisSourceStore, RunHistory, type SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from './app.ts';

const SECRET = 'handoff-secret';
const TOKEN = 'admin-token';
const NOW = 1_750_000_000_000;
const admin = { authorization: `Bearer ${TOKEN}` };

const reply = {
  ticketId: 't-1',
  conversationId: 'c-1',
  question: 'I was charged twice, card 4111 1111 1111 1111',
  answer: 'Sorry about that! I refunded the duplicate charge; it is back within 5 days.',
  agent: 'maria',
};

/** Headers the way a handoff target signs: HMAC of "<timestamp>.<raw body>". */
function signed(body: string, secret = SECRET, at = NOW) {
  const timestamp = Math.floor(at / 1000);
  return {
    'content-type': 'application/json',
    'x-switchboard-timestamp': String(timestamp),
    'x-switchboard-signature': signWebhook(secret, timestamp, body),
  };
}

describe('POST /api/handoff/replies and the admin harvest review (real Redis)', () => {
  const db = useTestRedis();
  let app: FastifyInstance;
  let queue: SyncQueue;

  beforeAll(async () => {
    const harvest = new RedisHarvestStore({ redis: db.redis, prefix: `${db.prefix}harvest:` });
    queue = createSyncQueue({ connection: db.redis, prefix: db.prefix, name: `q-${randomUUID()}` });
    app = await buildApp({
      assistant: {} as AppOptions['assistant'],
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      handoffReplies: { secret: SECRET, harvest, clock: () => NOW },
      admin: {
        token: TOKEN,
        queue,
        sources: new RedisSourceStore({ redis: db.redis, prefix: `${db.prefix}sources:` }),
        history: new RunHistory({ redis: db.redis, prefix: `${db.prefix}history:` }),
        harvest,
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/handoff/replies', payload: body, headers });

  it('refuses unsigned, wrongly signed, tampered and stale requests with 401', async () => {
    const body = JSON.stringify(reply);
    const cases = [
      { 'content-type': 'application/json' },
      signed(body, 'wrong-secret'),
      { ...signed(body), 'x-switchboard-signature': 'sha256=00' },
      signed(body, SECRET, NOW - 10 * 60_000),
    ];
    for (const headers of cases) {
      const res = await post(body, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    // Signed for one body, sent with another.
    const tampered = await post(body.replace('5 days', '50 days'), signed(body));
    expect(tampered.statusCode).toBe(401);
  });

  it('refuses a correctly signed but invalid body with 400 naming the field', async () => {
    const missing = JSON.stringify({ ...reply, answer: undefined });
    const res = await post(missing, signed(missing));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', details: { field: 'answer' } },
    });
    const broken = '{"ticketId": ';
    expect((await post(broken, signed(broken))).statusCode).toBe(400);
  });

  it('queues a signed agent reply once, PII scrubbed, and lets an admin accept it', async () => {
    const body = JSON.stringify(reply);
    const created = await post(body, signed(body));
    expect(created.statusCode).toBe(201);
    const { candidate } = created.json() as { candidate: { id: string; state: string } };
    expect(candidate.state).toBe('pending');
    const repeat = await post(body, signed(body));
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toMatchObject({ candidate: { id: candidate.id }, created: false });

    expect((await app.inject({ method: 'GET', url: '/admin/api/harvest' })).statusCode).toBe(401);
    const pending = await app.inject({
      method: 'GET',
      url: '/admin/api/harvest?state=pending',
      headers: admin,
    });
    expect(pending.json()).toEqual({
      candidates: [
        expect.objectContaining({
          id: candidate.id,
          source: 'agent',
          question: 'I was charged twice, card {{Card Number}}',
          answer: reply.answer,
          agent: 'maria',
          ticketId: 't-1',
        }),
      ],
    });

    const accepted = await app.inject({
      method: 'POST',
      url: `/admin/api/harvest/${candidate.id}/accept`,
      headers: admin,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ candidate: { id: candidate.id, state: 'accepted' } });
    const lists = await Promise.all(
      ['pending', 'accepted'].map((state) =>
        app.inject({ method: 'GET', url: `/admin/api/harvest?state=${state}`, headers: admin }),
      ),
    );
    expect(lists.map((r) => (r.json() as { candidates: unknown[] }).candidates.length)).toEqual([
      0, 1,
    ]);

    const rejected = await app.inject({
      method: 'POST',
      url: `/admin/api/harvest/${candidate.id}/reject`,
      headers: admin,
    });
    expect(rejected.json()).toMatchObject({ candidate: { state: 'rejected' } });
  });

  it('answers 404 for an unknown candidate and 400 for a bad state filter', async () => {
    const missing = await app.inject({
      method: 'POST',
      url: '/admin/api/harvest/nope/accept',
      headers: admin,
    });
    expect(missing.statusCode).toBe(404);
    const bad = await app.inject({
      method: 'GET',
      url: '/admin/api/harvest?state=maybe',
      headers: admin,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { details: { field: 'state' } } });
  });
});

import { RedisDocsGapLog, RedisFeedbackStore } from '@switchboard/assistant';
import type { Feedback, UnansweredQuestion } from '@switchboard/core';
import type { SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminParts } from '../../../../test/support/admin-parts.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from '../app.ts';

const TOKEN = 'admin-secret-token';
const bearer = { authorization: `Bearer ${TOKEN}` };

const feedbackAt = (at: number): Feedback => ({
  conversationId: `c-${at}`,
  messageId: `m-${at}`,
  rating: at % 2 ? 'down' : 'up',
  ...(at % 2 ? { reason: `reason ${at}` } : {}),
  channel: 'web',
  at,
});
const gapAt = (at: number): UnansweredQuestion => ({
  conversationId: `c-${at}`,
  question: `How do I do thing ${at}?`,
  reason: 'no_docs',
  channel: 'slack',
  at,
});

describe('admin feedback and docs-gap lists (real Redis stores)', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;
  let queue: SyncQueue;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    const { redis } = testRedis;
    const feedback = new RedisFeedbackStore({ redis, prefix });
    const gaps = new RedisDocsGapLog({ redis, prefix });
    // Recorded oldest first; the API answers newest first.
    for (let at = 1; at <= 60; at++) {
      await feedback.record(feedbackAt(at));
      await gaps.record(gapAt(at));
    }
    const parts = adminParts(redis, prefix);
    queue = parts.queue;
    const admin = { token: TOKEN, ...parts };
    const base = {
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok' as const, checks: {} }),
      maxMessageChars: 1000,
    };
    app = await buildApp({ ...base, admin: { ...admin, feedback, gaps } });
    bare = await buildApp({ ...base, admin });
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  const get = (url: string, headers: Record<string, string> = bearer) =>
    app.inject({ method: 'GET', url, headers });

  it('needs the admin token or session', async () => {
    for (const url of ['/admin/api/feedback', '/admin/api/gaps']) {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Bearer wrong' },
        { cookie: 'switchboard_admin=1.x' },
      ]) {
        const res = await get(url, headers);
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    }
    const login = await app.inject({ method: 'POST', url: '/admin/api/session', headers: bearer });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    expect((await get('/admin/api/gaps?limit=1', { cookie })).json().gaps).toHaveLength(1);
  });

  it('lists feedback newest first, 50 by default, as recorded', async () => {
    const res = await get('/admin/api/feedback');
    expect(res.statusCode).toBe(200);
    const { feedback } = res.json() as { feedback: Feedback[] };
    expect(feedback).toHaveLength(50);
    expect(feedback[0]).toEqual(feedbackAt(60));
    expect(feedback[1]).toEqual(feedbackAt(59));
    expect(feedback.at(-1)).toEqual(feedbackAt(11));
  });

  it('lists docs gaps newest first, honouring the limit up to 500', async () => {
    const three = (await get('/admin/api/gaps?limit=3')).json() as { gaps: UnansweredQuestion[] };
    expect(three.gaps).toEqual([gapAt(60), gapAt(59), gapAt(58)]);
    const all = await get('/admin/api/gaps?limit=500');
    expect(all.json().gaps).toHaveLength(60);
    expect((await get('/admin/api/feedback?limit=1')).json().feedback).toEqual([feedbackAt(60)]);
  });

  it('answers 400 naming the field for a bad limit or an unknown parameter', async () => {
    for (const query of ['0', '501', '-1', '1.5', 'ten', '', '1e2', '10&limit=20', '9999999']) {
      for (const list of ['feedback', 'gaps']) {
        const res = await get(`/admin/api/${list}?limit=${query}`);
        expect(res.statusCode, `${list} limit=${query}`).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'BAD_REQUEST',
          details: { field: 'limit' },
        });
      }
    }
    const unknown = await get('/admin/api/feedback?rating=down');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ details: { field: 'rating' } });
  });

  it('has no such routes when the server was given no stores', async () => {
    for (const url of ['/admin/api/feedback', '/admin/api/gaps']) {
      const res = await bare.inject({ method: 'GET', url, headers: bearer });
      expect(res.statusCode, url).toBe(404);
    }
  });
});

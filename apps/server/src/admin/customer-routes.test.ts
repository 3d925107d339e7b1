import { randomUUID } from 'node:crypto';
import { loadConfig } from '@switchboard/config';
import { type CustomerStores, customerStores } from '@switchboard/runtime';
import type { SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminParts } from '../../../../test/support/admin-parts.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from '../app.ts';

const TOKEN = 'admin-secret-token';
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('admin API: export and delete one customer’s data (real Redis stores)', () => {
  const testRedis = useTestRedis();
  const redisPrefix = `customers-${randomUUID()}`;
  let stores: CustomerStores;
  let queue: SyncQueue;
  let app: FastifyInstance;
  let ana: { conversationId: string };
  let anonymous: { conversationId: string };

  beforeAll(async () => {
    const { redis, prefix } = testRedis;
    stores = customerStores(loadConfig({ REDIS_PREFIX: redisPrefix }), redis);
    ana = await stores.owners.create('ana@example.com');
    anonymous = await stores.owners.create();
    for (const { conversationId } of [ana, anonymous])
      await stores.memory.append(conversationId, [
        { role: 'user', text: 'How do I pair a room sensor?', at: 1 },
        { role: 'assistant', text: 'Hold its button…', at: 2, id: `m-${conversationId}` },
      ]);
    await stores.feedback.record({
      conversationId: ana.conversationId,
      messageId: `m-${ana.conversationId}`,
      rating: 'up',
      channel: 'web',
      userId: 'ana@example.com',
      at: Date.now(),
    });
    const parts = adminParts(redis, prefix);
    queue = parts.queue;
    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok' as const, checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, ...parts, customers: stores.customers },
    });
  });
  afterAll(async () => {
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    const keys = await testRedis.redis.keys(`${redisPrefix}:*`);
    if (keys.length) await testRedis.redis.del(...keys);
  });

  const call = (method: 'GET' | 'DELETE', url: string, headers: Record<string, string> = bearer) =>
    app.inject({ method, url, headers });

  it('needs the admin token, like every admin route', async () => {
    const url = `/admin/api/customers/export?conversationId=${ana.conversationId}`;
    expect((await call('GET', url, {})).statusCode).toBe(401);
    expect((await call('GET', url, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    expect((await call('DELETE', `/admin/api/customers?userId=ana`, {})).statusCode).toBe(401);
    // Nothing was deleted by the refused call.
    expect(await stores.memory.load(ana.conversationId)).toHaveLength(2);
  });

  it('refuses a bad subject with a 400 that says why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['', /give conversationId or userId/],
      ['?conversationId=a&userId=b', /not both/],
      ['?conversationId=', /conversationId: must be a non-empty string/],
      ['?userId=a&userId=b', /userId: must be a non-empty string/],
      [`?userId=${'x'.repeat(300)}`, /at most 256/],
      ['?conversationId=web%3Aa%20b', /printable ASCII/],
      ['?userId=a%00b', /control characters/],
      ['?user=ana', /unknown parameter "user"/],
    ];
    for (const method of ['GET', 'DELETE'] as const) {
      const path = method === 'GET' ? '/admin/api/customers/export' : '/admin/api/customers';
      for (const [query, reason] of cases) {
        const res = await call(method, `${path}${query}`);
        expect(res.statusCode, `${method} ${query}`).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringMatching(reason),
        });
      }
    }
  });

  it('exports a conversation by id, and answers 404 for one nothing is held about', async () => {
    const res = await call(
      'GET',
      `/admin/api/customers/export?conversationId=${anonymous.conversationId}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({
      subject: { conversationId: anonymous.conversationId },
      retentionDays: 30,
      conversations: [{ conversationId: anonymous.conversationId, owner: {} }],
      feedback: [],
      docsGaps: [],
    });
    expect(body.conversations[0].turns.map((t: { text: string }) => t.text)).toEqual([
      'How do I pair a room sensor?',
      'Hold its button…',
    ]);
    const missing = await call(
      'GET',
      '/admin/api/customers/export?conversationId=web:nothing-here',
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('exports and then deletes an identified user’s data, returning the counts', async () => {
    const user = encodeURIComponent('ana@example.com');
    const exported = await call('GET', `/admin/api/customers/export?userId=${user}`);
    expect(exported.statusCode).toBe(200);
    expect(exported.json()).toMatchObject({
      conversations: [{ conversationId: ana.conversationId, owner: { userId: 'ana@example.com' } }],
      feedback: [{ rating: 'up', userId: 'ana@example.com' }],
    });

    const deleted = await call('DELETE', `/admin/api/customers?userId=${user}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({
      subject: { userId: 'ana@example.com' },
      conversationIds: [ana.conversationId],
      deleted: {
        conversations: 1,
        conversationIndex: 1,
        ownerRecords: 1,
        feedback: 1,
        docsGaps: 0,
      },
    });
    expect((await call('GET', `/admin/api/customers/export?userId=${user}`)).statusCode).toBe(404);
    expect(await stores.memory.load(anonymous.conversationId)).toHaveLength(2);
    // Deleting again is harmless: nothing left, all counts 0.
    const again = await call('DELETE', `/admin/api/customers?userId=${user}`);
    expect(again.json().deleted).toEqual({
      conversations: 0,
      conversationIndex: 0,
      ownerRecords: 0,
      feedback: 0,
      docsGaps: 0,
      handoffs: 0,
      channelAddresses: 0,
    });
  });
});

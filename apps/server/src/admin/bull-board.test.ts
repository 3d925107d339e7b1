import { randomUUID } from 'node:crypto';
import { type SyncQueue, triggerSync } from '@switchboard/sync';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminParts } from '../../../../test/support/admin-parts.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from '../app.ts';
import { SESSION_COOKIE, signSession } from './admin-session.ts';

const TOKEN = 'admin-secret-token';
const bearer = { authorization: `Bearer ${TOKEN}` };
/** What `inject` sends as Host: a same-origin browser request carries this Origin. */
const SAME_ORIGIN = 'http://localhost:80';

describe('bull-board and browser sessions under the admin auth (real Redis queue)', () => {
  const testRedis = useTestRedis();
  const { prefix } = testRedis;
  const queueName = `sync-${randomUUID()}`;
  let queue: SyncQueue;
  let app: FastifyInstance;

  beforeAll(async () => {
    const { redis } = testRedis;
    const parts = adminParts(redis, prefix, queueName);
    queue = parts.queue;
    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, ...parts },
    });
  });
  afterAll(async () => {
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  const get = (url: string, headers: InjectOptions['headers'] = {}) =>
    app.inject({ method: 'GET', url, headers });

  async function login(): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/admin/api/session', headers: bearer });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    const value = /^switchboard_admin=([^;]+);/.exec(setCookie)?.[1];
    expect(value).toBeDefined();
    return `${SESSION_COOKIE}=${value}`;
  }

  it('refuses /admin/queues without auth and serves the board with the bearer token', async () => {
    const refused = await get('/admin/queues');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await get('/admin/queues/api/queues')).statusCode).toBe(401);

    const page = await get('/admin/queues', bearer);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    // The page resolves its assets and API against the full public path.
    expect(page.body).toContain('<base href="/admin/queues/" />');
    expect(page.body).toContain('<title>Switchboard sync</title>');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await get(`/admin/queues/${script}`)).statusCode).toBe(401);
    const asset = await get(`/admin/queues/${script}`, bearer);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('logs a browser in with a signed HttpOnly cookie that opens the board and the API', async () => {
    const res = await app.inject({ method: 'POST', url: '/admin/api/session', headers: bearer });
    expect(res.statusCode).toBe(200);
    expect(Date.parse(res.json().expiresAt)).toBeGreaterThan(Date.now());
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^switchboard_admin=\d+\.[\w-]{43}; Path=\/admin; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Max-Age=43200');
    expect(setCookie).not.toContain('Secure'); // plain http here
    expect(setCookie).not.toContain(TOKEN);

    const cookie = await login();
    expect((await get('/admin/queues', { cookie })).statusCode).toBe(200);
    expect((await get('/admin/api/status', { cookie })).statusCode).toBe(200);
  });

  it('accepts { token } in the body and refuses a wrong token or a bad body', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/admin/api/session',
      payload: { token: TOKEN },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toBeDefined();

    for (const payload of [{ token: 'wrong' }, { token: '' }, {}]) {
      const res = await app.inject({ method: 'POST', url: '/admin/api/session', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const bad = await app.inject({
      method: 'POST',
      url: '/admin/api/session',
      payload: { token: TOKEN, remember: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'remember' } });
  });

  it('refuses a tampered, expired or foreign cookie (401)', async () => {
    const [name, value = ''] = (await login()).split('=');
    const [expiry = '', mac = ''] = value.split('.');
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    const cookies = [
      `${name}=${expiry}.${flipped}`, // signature altered
      `${name}=${Number(expiry) + 1000}.${mac}`, // expiry pushed later
      `${name}=${signSession(TOKEN, Date.now() - 1000)}`, // correctly signed, expired
      `${name}=${signSession('another-token', Date.now() + 60_000)}`, // other key
      `${name}=${TOKEN}`,
      `${name}=`,
    ];
    for (const cookie of cookies) {
      const res = await get('/admin/queues', { cookie });
      expect(res.statusCode, cookie).toBe(401);
      expect((await get('/admin/api/status', { cookie })).statusCode, cookie).toBe(401);
    }
  });

  it("lists the sync queue through bull-board's JSON API", async () => {
    const { jobId } = await triggerSync(queue, { source: 'help', trigger: 'admin' });
    const res = await get('/admin/queues/api/queues?activeQueue=&status=latest&page=1', {
      cookie: await login(),
    });
    expect(res.statusCode).toBe(200);
    const listed = res.json().queues as Array<{ name: string; counts: Record<string, number> }>;
    expect(listed.map((q) => q.name)).toEqual([queueName]);
    expect(listed[0]?.counts.waiting).toBe(1);
    expect(jobId).toBeTruthy();
  });

  it('answers a NUL in a queue request with a 400, not the 500 bull-board gives it', async () => {
    const { jobId } = await triggerSync(queue, { source: 'help', trigger: 'admin' });
    for (const [url, payload] of [
      [`/admin/queues/api/queues/${queueName}/${jobId}/update-data`, '"a\\u0000b"'],
      [
        `/admin/queues/api/queues/${queueName}/${jobId}/update-data`,
        '{"jobData":{"x":"a\\u0000b"}}',
      ],
      [`/admin/queues/api/queues/${queueName}/%00/update-data`, '{"jobData":{}}'],
    ] as const) {
      const res = await app.inject({
        method: 'PATCH',
        url,
        headers: { ...bearer, 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, `${url} ${payload}`).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
  });

  it('refuses cookie-authenticated changes from another origin (CSRF), not same-origin ones', async () => {
    const cookie = await login();
    const pause = (headers: InjectOptions['headers']) =>
      app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${queueName}/pause`, headers });

    for (const headers of [
      { cookie, origin: 'https://evil.example' },
      { cookie, origin: 'null' },
      { cookie, 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await pause(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(await queue.isPaused()).toBe(false);
    const crossApi = await app.inject({
      method: 'POST',
      url: '/admin/api/sources',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { name: 'x', kind: 'directory', root: '.' },
    });
    expect(crossApi.statusCode).toBe(403);

    // A read is fine from anywhere the cookie is sent; a change from this origin goes through.
    expect(
      (await get('/admin/api/status', { cookie, origin: 'https://evil.example' })).statusCode,
    ).toBe(200);
    expect((await pause({ cookie, origin: SAME_ORIGIN })).statusCode).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    await queue.resume();
    // The bearer token is not sent by browsers on their own, so it needs no origin check.
    expect((await pause({ ...bearer, origin: 'https://evil.example' })).statusCode).toBe(200);
    await queue.resume();
  });

  it('logs out by clearing the cookie, from this origin only', async () => {
    const cross = await app.inject({
      method: 'DELETE',
      url: '/admin/api/session',
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.headers['set-cookie']).toBeUndefined();

    const res = await app.inject({
      method: 'DELETE',
      url: '/admin/api/session',
      headers: { origin: SAME_ORIGIN },
    });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(
      /^switchboard_admin=; Path=\/admin; .*Max-Age=0/,
    );
  });
});

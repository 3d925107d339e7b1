import { randomUUID } from 'node:crypto';
import {
  createSyncQueue,
  RedisSourceStore,
  RunHistory,
  type SyncQueue,
  type SyncRunSummary,
} from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type AppOptions, buildApp } from '../app.ts';

const TOKEN = 'admin-secret-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const help = { name: 'help', kind: 'directory', root: './docs' };

describe('admin API (real Redis, real BullMQ queue)', () => {
  let redis: Redis;
  let queue: SyncQueue;
  let history: RunHistory;
  let prefix: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    prefix = `test-${randomUUID()}`;
    queue = createSyncQueue({ connection: redis, prefix, name: `admin-${randomUUID()}` });
    history = new RunHistory({ redis, prefix: `${prefix}:sync-history:` });
    const sources = new RedisSourceStore({ redis, prefix: `${prefix}:sources:` });
    app = await buildApp({
      // The admin routes never reach the assistant.
      assistant: {} as AppOptions['assistant'],
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, queue, sources, history },
    });
  });
  afterEach(async () => {
    await app.close();
    await queue.obliterate({ force: true });
    await queue.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const addHelp = () =>
    app.inject({ method: 'POST', url: '/admin/api/sources', headers: auth, payload: help });

  it('refuses requests without the token or with a wrong one (401)', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: TOKEN },
    ]) {
      const res = await app.inject({ method: 'GET', url: '/admin/api/status', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    const blocked = await app.inject({ method: 'POST', url: '/admin/api/sources', payload: help });
    expect(blocked.statusCode).toBe(401);
    const list = await app.inject({ method: 'GET', url: '/admin/api/sources', headers: auth });
    expect(list.json()).toEqual({ sources: [] });
  });

  it('creates, lists, pauses, resumes and deletes sources', async () => {
    const created = await addHelp();
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ source: help });

    await history.append({ runId: 'run-1', source: 'help', finishedAt: 5 } as SyncRunSummary);
    const paused = await app.inject({
      method: 'POST',
      url: '/admin/api/sources/help/pause',
      headers: auth,
    });
    expect(paused.json()).toEqual({ name: 'help', paused: true });

    const list = await app.inject({ method: 'GET', url: '/admin/api/sources', headers: auth });
    expect(list.json()).toEqual({
      sources: [
        {
          ...help,
          origin: 'runtime',
          paused: true,
          lastRun: { runId: 'run-1', source: 'help', finishedAt: 5 },
        },
      ],
    });
    const runs = await app.inject({
      method: 'GET',
      url: '/admin/api/sources/help/runs',
      headers: auth,
    });
    expect(runs.json().runs).toHaveLength(1);

    await app.inject({ method: 'POST', url: '/admin/api/sources/help/resume', headers: auth });
    const after = await app.inject({ method: 'GET', url: '/admin/api/sources', headers: auth });
    expect(after.json().sources[0].paused).toBe(false);

    const removed = await app.inject({
      method: 'DELETE',
      url: '/admin/api/sources/help',
      headers: auth,
    });
    expect(removed.statusCode).toBe(202);
    const removal = removed.json();
    expect(removal).toEqual({ removed: 'help', jobId: expect.any(String), joined: false });
    // The removal run is queued for the worker, which purges the documents and records it.
    expect((await queue.getJob(removal.jobId))?.data).toEqual({
      runId: removal.jobId,
      source: 'help',
      trigger: 'admin',
    });
    const empty = await app.inject({ method: 'GET', url: '/admin/api/sources', headers: auth });
    expect(empty.json()).toEqual({ sources: [] });
    // Its history stays readable after removal.
    const kept = await app.inject({
      method: 'GET',
      url: '/admin/api/sources/help/runs',
      headers: auth,
    });
    expect(kept.json().runs).toHaveLength(1);
  });

  it('answers 400 with the reason, 409 on a taken name, 404 on an unknown source', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/admin/api/sources',
      headers: auth,
      payload: { name: 'web', kind: 'web' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
    expect(bad.json().error.message).toMatch(/sitemapUrl or startUrls/);

    expect((await addHelp()).statusCode).toBe(201);
    const taken = await addHelp();
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('CONFLICT');

    for (const [method, url] of [
      ['DELETE', '/admin/api/sources/ghost'],
      ['POST', '/admin/api/sources/ghost/sync'],
      ['POST', '/admin/api/sources/ghost/pause'],
      ['GET', '/admin/api/sources/ghost/runs'],
    ] as const) {
      const res = await app.inject({ method, url, headers: auth });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }

    const badMode = await app.inject({
      method: 'POST',
      url: '/admin/api/sources/help/sync',
      headers: auth,
      payload: { mode: 'everything' },
    });
    expect(badMode.statusCode).toBe(400);
    expect(badMode.json().error.message).toMatch(/mode/);
  });

  it('triggers a run that exists in the queue; a second trigger joins it', async () => {
    await addHelp();
    const first = await app.inject({
      method: 'POST',
      url: '/admin/api/sources/help/sync',
      headers: auth,
      payload: { mode: 'full' },
    });
    expect(first.statusCode).toBe(202);
    const { jobId, joined } = first.json();
    expect(joined).toBe(false);
    const job = await queue.getJob(jobId);
    expect(job?.data).toMatchObject({ source: 'help', mode: 'full', trigger: 'admin' });

    const second = await app.inject({
      method: 'POST',
      url: '/admin/api/sources/help/sync',
      headers: auth,
    });
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual({ jobId, joined: true });

    const status = await app.inject({ method: 'GET', url: '/admin/api/status', headers: auth });
    expect(status.json()).toEqual({
      counts: expect.objectContaining({ waiting: 1, active: 0 }),
      sources: [
        { name: 'help', paused: false, activeRun: { jobId, state: 'waiting', progress: 0 } },
      ],
    });
  });

  it('refuses to trigger a paused source (409)', async () => {
    await addHelp();
    await app.inject({ method: 'POST', url: '/admin/api/sources/help/pause', headers: auth });
    const res = await app.inject({
      method: 'POST',
      url: '/admin/api/sources/help/sync',
      headers: auth,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SOURCE_PAUSED');
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });
});

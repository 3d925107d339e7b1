import type { SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminParts } from '../../../../test/support/admin-parts.ts';
import { useTestRedis } from '../../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from '../app.ts';
import { ADMIN_PAGE_CSP, ADMIN_PAGE_PATHS } from './admin-page.ts';

const base = {
  assistant: {} as AppOptions['assistant'], // the admin page never reaches it
  health: async () => ({ status: 'ok' as const, checks: {} }),
  maxMessageChars: 1000,
};

describe('the admin page at /admin', () => {
  const testRedis = useTestRedis();
  let queue: SyncQueue;
  let app: FastifyInstance;

  beforeAll(async () => {
    const { redis, prefix } = testRedis;
    const parts = adminParts(redis, prefix);
    queue = parts.queue;
    app = await buildApp({ ...base, admin: { token: 'admin-secret-token', ...parts } });
  });
  afterAll(async () => {
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it('serves the HTML shell without a session, under a strict CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBe(ADMIN_PAGE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The shell holds no inline script or style: the CSP would block them.
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain(`<script src="${ADMIN_PAGE_PATHS.script}" defer></script>`);
    expect(res.body).not.toMatch(/<script>|<style|style="/);
    expect(res.body).toContain('<label for="token">Admin token</label>');
    expect(res.body).toContain('href="/admin/queues"');

    const slash = await app.inject({ method: 'GET', url: '/admin/' });
    expect(slash.statusCode).toBe(302);
    expect(slash.headers.location).toBe('/admin');
  });

  it('serves the bundled script and the styles, with revalidation', async () => {
    const script = await app.inject({ method: 'GET', url: ADMIN_PAGE_PATHS.script });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // Bundled from TypeScript: one self-contained script calling the admin API.
    expect(script.body).toContain('/admin/api');
    expect(script.body).not.toMatch(/^\s*import /m);
    expect(script.body).not.toContain('innerHTML');
    const etag = String(script.headers.etag);
    const again = await app.inject({
      method: 'GET',
      url: ADMIN_PAGE_PATHS.script,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);

    const styles = await app.inject({ method: 'GET', url: ADMIN_PAGE_PATHS.styles });
    expect(styles.statusCode).toBe(200);
    expect(styles.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(styles.body).toContain('@media');
    expect(styles.body).not.toMatch(/@import|url\(/);
  });

  it('does not exist without the admin options', async () => {
    const plain = await buildApp(base);
    try {
      expect((await plain.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

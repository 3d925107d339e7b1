import { randomUUID } from 'node:crypto';
import { type SyncQueue, triggerSync } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppOptions, buildApp } from '../../apps/server/src/app.ts';
import { adminParts } from '../support/admin-parts.ts';
import { launchChromium } from './fixtures/widget-server.ts';

const TOKEN = 'bull-board-csp-e2e-token-0123456789';

/**
 * bull-board under our Content-Security-Policy in real Chromium: it must render its board, a
 * queue and a job, and take an action, with no CSP violation and no request to another origin.
 */
describe('bull-board in Chromium under its CSP', () => {
  const prefix = `test-${randomUUID()}:`;
  const queueName = `sync-${randomUUID()}`;
  /** What the browser reported: console messages and `securitypolicyviolation` events. */
  const violations: string[] = [];
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  let redis: Redis;
  let queue: SyncQueue;
  let app: FastifyInstance;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const parts = adminParts(redis, prefix, queueName);
    queue = parts.queue;
    // No worker: the jobs wait, so the board has something to show.
    await triggerSync(queue, { source: 'help', trigger: 'admin' });
    await triggerSync(queue, { source: 'faq', trigger: 'schedule' });
    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, ...parts },
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Reported in the console as well, but the event also catches what a console line might word differently.
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('Content Security Policy event: ' + e.violatedDirective + ' blocked ' + e.blockedURI));`);
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith('data:'))
        foreignRequests.push(request.url());
    });
    // A browser session as an admin gets it: the HttpOnly cookie from the login route.
    const login = await fetch(`${url}/admin/api/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const cookie = /^switchboard_admin=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeDefined();
    await context.addCookies([
      { name: 'switchboard_admin', value: cookie ?? '', url: `${url}/admin` },
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await redis?.quit();
  });

  it('sends the policy with bull-board’s page and strips the third-party fonts', async () => {
    const res = await fetch(`${url}/admin/queues`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const html = await res.text();
    expect(html).toContain('<title>Switchboard sync</title>');
    expect(html).not.toContain('fonts.googleapis.com');
  });

  it('renders the board and a queue with its jobs with no CSP violation', async () => {
    await page.goto(`${url}/admin/queues`);
    await page.getByText(queueName).first().waitFor({ timeout: 30_000 });
    await page.getByText(queueName).first().click();
    await page.waitForURL(/\/admin\/queues\/queue\//);
    await page
      .getByText(/sync-run/)
      .first()
      .waitFor({ timeout: 30_000 });
    // The loading placeholder (inline style element and attributes) is gone: React took over.
    expect(await page.locator('#root span[style]').count()).toBe(0);
    // bull-board's own stylesheet applied (the sidebar is laid out, not unstyled text).
    expect(await page.evaluate('document.styleSheets.length')).toBeGreaterThan(0);

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('takes an action from the page: its same-origin PUT keeps the Origin our CSRF check reads', async () => {
    // What bull-board's own "Pause" does (its API call, relative to the page's <base href>),
    // sent from the page under the page's referrer policy and CSP, with the session cookie.
    const status = await page.evaluate(
      async (name) =>
        (await fetch(`api/queues/${encodeURIComponent(name)}/pause`, { method: 'PUT' })).status,
      queueName,
    );
    expect(status).toBe(200);
    expect(await queue.isPaused()).toBe(true);

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

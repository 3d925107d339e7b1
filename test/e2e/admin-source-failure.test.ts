import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedIndex } from '@switchboard/knowledge';
import {
  createSyncWorker,
  RedisRecordStore,
  RedisSourceStore,
  type SyncWorker,
  triggerSync,
  waitForRun,
} from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppOptions, buildApp } from '../../apps/server/src/app.ts';
import { type LocalServer, startLocalServer } from '../support/http-server.ts';
import { ARTIFACTS_DIR, AXE_PATH, launchChromium } from './fixtures/widget-server.ts';

const TOKEN = 'admin-source-failure-e2e-token-0123';

/**
 * A web source whose sitemap answers 500, in real Chromium against the real server and worker:
 * the sources table shows the failed run and its reason where it used to say "Never run".
 */
describe('admin page: a source whose listing fails (Chromium, real worker)', () => {
  const prefix = `test-${randomUUID()}`;
  const cspViolations: string[] = [];
  let site: LocalServer;
  let redis: Redis;
  let indexDir: string;
  let index: EmbeddedIndex;
  let sync: SyncWorker;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    site = await startLocalServer((req, res) => {
      res.writeHead(req.path === '/sitemap.xml' ? 500 : 404, { 'content-type': 'text/plain' });
      res.end('down');
    });
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    indexDir = await mkdtemp(join(tmpdir(), 'sb-admin-failure-'));
    index = await EmbeddedIndex.open({ directory: indexDir });
    const sources = new RedisSourceStore({
      redis,
      prefix: `${prefix}:sources:`,
      declared: [{ spec: { name: 'site', kind: 'web', sitemapUrl: `${site.url}/sitemap.xml` } }],
    });
    await sources.refresh();
    sync = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: sources,
      prefix: `${prefix}:bull`,
      historyPrefix: `${prefix}:sync-history:`,
    });
    const run = await triggerSync(sync.queue, { source: 'site', trigger: 'startup' });
    await expect(waitForRun(sync.queue, run.jobId, { pollMs: 50 })).rejects.toThrow(/HTTP 500/);

    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, queue: sync.queue, sources, history: sync.history },
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(`${url}/admin`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sync?.queue.obliterate({ force: true });
    await sync?.close();
    await index?.close();
    await site?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    if (indexDir) await rm(indexDir, { recursive: true, force: true });
  });

  it('shows the failed run and its reason instead of "Never run"', async () => {
    const lastRun = page
      .locator('#sources tbody tr', { hasText: 'site' })
      .locator('td[data-label="Last run"]');
    await lastRun.waitFor();
    expect(await lastRun.textContent()).not.toContain('Never run');
    expect(await lastRun.locator('.run-failed').textContent()).toBe(
      'Failed while listing the source',
    );
    expect(await lastRun.locator('.counts').textContent()).toBe(
      `transient ${site.url}/sitemap.xml answered HTTP 500`,
    );
    await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    const violations = await page.evaluate(
      `axe.run(document.querySelector('#sources')).then((r) => r.violations.map((v) => v.id))`,
    );
    expect(violations).toEqual([]);
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'admin-source-failure.png'),
      fullPage: true,
    });
    expect(cspViolations).toEqual([]);
  });
});

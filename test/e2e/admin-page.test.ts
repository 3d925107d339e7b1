import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisDocsGapLog, RedisFeedbackStore } from '@switchboard/assistant';
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
import { HashingEmbedder } from '../../packages/knowledge/src/ingest/fixtures/hashing-embedder.ts';
import { ARTIFACTS_DIR, AXE_PATH, launchChromium } from './fixtures/widget-server.ts';

const TOKEN = 'admin-page-e2e-token-0123456789';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** An embedder that can be held shut, so a run stays in progress while the page watches it. */
class GatedEmbedder extends HashingEmbedder {
  #gate: Promise<void> = Promise.resolve();
  #release: () => void = () => {};
  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#release = resolve;
    });
  }
  release(): void {
    this.#release();
    this.#gate = Promise.resolve();
  }
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    await this.#gate;
    return super.embedDocuments(texts);
  }
}

/**
 * The admin page in real Chromium against the real server: a real BullMQ queue and sync worker
 * on a small directory source, run history and feedback/gap stores in the test run's Redis.
 */
describe('admin page in Chromium (real queue, worker and stores)', () => {
  const prefix = `test-${randomUUID()}`;
  const embedder = new GatedEmbedder();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  let redis: Redis;
  let docsDir: string;
  let indexDir: string;
  let index: EmbeddedIndex;
  let sync: SyncWorker;
  let app: FastifyInstance;
  let url: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    docsDir = await mkdtemp(join(tmpdir(), 'sb-admin-docs-'));
    indexDir = await mkdtemp(join(tmpdir(), 'sb-admin-index-'));
    for (const name of ['billing', 'sensors', 'wifi'])
      await writeFile(join(docsDir, `${name}.md`), `# ${name}\n\nHow ${name} works at home.\n`);
    // Over the source's byte limit: every run lists it as a failure.
    await writeFile(join(docsDir, 'huge.md'), `# Huge\n\n${'word '.repeat(1000)}\n`);

    index = await EmbeddedIndex.open({ directory: indexDir });
    const sources = new RedisSourceStore({
      redis,
      prefix: `${prefix}:sources:`,
      declared: [{ spec: { name: 'help', kind: 'directory', root: docsDir, maxBytes: 2000 } }],
    });
    await sources.refresh();
    sync = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}:records:` }),
      registry: sources,
      embedder,
      prefix: `${prefix}:bull`,
      historyPrefix: `${prefix}:sync-history:`,
      concurrency: 2,
      isPaused: (source) => sources.isPaused(source),
    });
    const first = await triggerSync(sync.queue, { source: 'help', trigger: 'startup' });
    await waitForRun(sync.queue, first.jobId, { pollMs: 50, timeoutMs: 60_000 });

    const feedback = new RedisFeedbackStore({ redis, prefix: `${prefix}:` });
    const gaps = new RedisDocsGapLog({ redis, prefix: `${prefix}:` });
    const at = Date.now();
    await feedback.record({
      conversationId: 'conv-1',
      messageId: 'msg-1',
      rating: 'down',
      reason: `The link is broken ${HOSTILE}`,
      channel: 'web',
      at,
    });
    await gaps.record({
      conversationId: 'conv-2',
      question: 'Can the thermostat run on solar power?',
      reason: 'no_docs',
      channel: 'slack',
      at,
    });

    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, queue: sync.queue, sources, history: sync.history, feedback, gaps },
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 120_000);

  afterAll(async () => {
    embedder.release();
    await browser?.close();
    await app?.close();
    await sync?.queue.obliterate({ force: true });
    await sync?.close();
    await index?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    for (const dir of [docsDir, indexDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  const alert = () => page.locator('#alert');
  const runStatus = () => page.getByRole('status');
  const helpRow = () => page.locator('#sources tbody tr', { hasText: 'help' });
  const lastRunCell = () => helpRow().locator('td[data-label="Last run"]');

  it('refuses a wrong token with a visible error and keeps the data hidden', async () => {
    await page.goto(`${url}/admin`);
    const token = page.getByLabel('Admin token');
    await token.fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => alert().textContent()).toBe('That token is not valid.');
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(await token.inputValue()).toBe('');
  });

  it('logs in and shows the source with its last run and its failures', async () => {
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await helpRow().waitFor();
    expect(await alert().textContent()).toBe('');
    expect(await helpRow().locator('td[data-label="Kind"]').textContent()).toBe('directory');
    expect(await helpRow().locator('td[data-label="Origin"]').textContent()).toBe('config');
    expect(await lastRunCell().textContent()).toContain(
      '3 added, 0 updated, 0 unchanged, 0 deleted, 1 failed',
    );
    // Failures are behind a disclosure: closed at first, listed when opened.
    const failures = lastRunCell().locator('details');
    expect(await failures.locator('li').isVisible()).toBe(false);
    await failures.locator('summary').click();
    expect(await failures.locator('li').textContent()).toContain('huge.md');
    for (const name of ['Full help', 'Failed only help', 'Pause help'])
      expect(await page.getByRole('button', { name, exact: true }).isEnabled()).toBe(true);
    // The session is the HttpOnly cookie: nothing of the token is kept by the page.
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  it('shows recent feedback and the docs gaps, data rendered as text', async () => {
    const feedback = page.locator('#feedback tbody tr').first();
    await feedback.waitFor();
    expect(await feedback.locator('td[data-label="Rating"]').textContent()).toContain(
      'Not helpful',
    );
    expect(await feedback.locator('td[data-label="Reason"]').textContent()).toBe(
      `The link is broken ${HOSTILE}`,
    );
    expect(await feedback.locator('td[data-label="Conversation"]').textContent()).toBe('conv-1');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    const gap = page.locator('#gaps tbody tr').first();
    expect(await gap.locator('td[data-label="Question"]').textContent()).toBe(
      'Can the thermostat run on solar power?',
    );
    expect(await gap.locator('td[data-label="Reason"]').textContent()).toBe('no_docs');
    expect(await gap.locator('td[data-label="Channel"]').textContent()).toBe('slack');
  });

  it('"Sync now" shows live progress, then the finished run in the last-run cell', async () => {
    embedder.hold();
    await writeFile(join(docsDir, 'solar.md'), '# Solar\n\nThe thermostat runs on solar power.\n');
    await page.getByRole('button', { name: 'Sync now help', exact: true }).click();
    await expect.poll(() => runStatus().textContent()).toBe('Sync of help started (sync now).');

    // Held at the embedder: the run is visibly in progress, on the new document.
    const state = helpRow().locator('td[data-label="State"]');
    await state.locator('progress').waitFor();
    await expect.poll(() => state.textContent()).toContain('solar.md');
    expect(await state.textContent()).toMatch(/Syncing documents: \d+ of [1-9]/);
    expect(await page.getByRole('button', { name: 'Sync now help' }).isDisabled()).toBe(true);

    embedder.release();
    await expect
      .poll(() => runStatus().textContent(), { timeout: 20_000 })
      .toBe('Sync of help finished: 1 added, 0 updated, 3 unchanged, 0 deleted, 1 failed.');
    expect(await lastRunCell().textContent()).toContain(
      '1 added, 0 updated, 3 unchanged, 0 deleted, 1 failed',
    );
    expect(await lastRunCell().textContent()).toContain('incremental · admin');
    expect(await state.textContent()).toBe('Idle');
    expect(await state.locator('progress').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sync now help' }).isEnabled()).toBe(true);
  });

  it('pauses and resumes a source, keeping keyboard focus on the button', async () => {
    await page.getByRole('button', { name: 'Pause help', exact: true }).click();
    const resume = page.getByRole('button', { name: 'Resume help', exact: true });
    await resume.waitFor();
    expect(await helpRow().locator('td[data-label="State"]').textContent()).toBe('Paused');
    expect(await page.getByRole('button', { name: 'Full help' }).isDisabled()).toBe(true);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Resume');
    await resume.click();
    await page.getByRole('button', { name: 'Pause help', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Full help' }).isEnabled()).toBe(true);
  });

  it('passes an axe-core audit and saves a screenshot', async () => {
    // No harvest store on this server: its API answers 404, so the review panel stays hidden.
    expect(await page.locator('#harvest').count()).toBe(1);
    expect(await page.locator('#harvest').isHidden()).toBe(true);
    expect(await alert().textContent()).toBe('');
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    const violations = await page.evaluate(
      `axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) })))`,
    );
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'admin-page.png'), fullPage: true });
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(360);
    expect(await page.getByRole('button', { name: 'Sync now help' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'admin-page-360.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logs out: the data is gone and a reload asks for the token again', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => alert().textContent()).toBe('Logged out.');
    expect(await page.locator('#sources tbody tr').count()).toBe(0);
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

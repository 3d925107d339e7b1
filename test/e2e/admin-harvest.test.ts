import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { harvestKeyPrefix, RedisHarvestStore } from '@switchboard/fine-tuning';
import type { SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, buildApp } from '../../apps/server/src/app.ts';
import { adminParts } from '../support/admin-parts.ts';
import { useTestRedis } from '../support/test-redis.ts';
import { ARTIFACTS_DIR, AXE_PATH, launchChromium } from './fixtures/widget-server.ts';

const TOKEN = 'admin-harvest-e2e-token-0123456789';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const THUMBS_QUESTION = `Why was I charged twice? ${HOSTILE}`;
const AGENT_QUESTION = 'Can I move the hub to another room?';
/** Long enough to be collapsed; its last words show only once expanded. */
const LONG_ANSWER = `${'A duplicate charge is usually a pending authorisation. '.repeat(8)}It drops off within five days, END-OF-ANSWER.`;

/**
 * The "Training examples to review" panel in real Chromium against the real server and a real
 * RedisHarvestStore: accept one candidate, reject the other, and check both the page and the store.
 */
describe('admin page: training examples to review (real harvest store)', () => {
  const testRedis = useTestRedis();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  let store: RedisHarvestStore;
  let thumbsId: string;
  let agentId: string;
  let queue: SyncQueue;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { redis, prefix } = testRedis;
    // A clock that only moves forward: the agent answer is the newer one, so it is listed first.
    let now = Date.UTC(2025, 4, 1, 9, 30);
    store = new RedisHarvestStore({ redis, prefix: harvestKeyPrefix(prefix), clock: () => now++ });
    thumbsId = (
      await store.add({
        source: 'thumbs_up',
        question: THUMBS_QUESTION,
        answer: LONG_ANSWER,
        intent: 'billing',
        conversationId: 'conv-thumbs',
        messageId: 'msg-1',
      })
    ).candidate.id;
    agentId = (
      await store.add({
        source: 'agent',
        question: AGENT_QUESTION,
        answer: 'Yes: unplug it, move it, and it reconnects on its own.',
        conversationId: 'conv-agent',
        ticketId: 'ticket-1',
        agent: 'Dana',
      })
    ).candidate.id;

    const parts = adminParts(redis, prefix);
    queue = parts.queue;
    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, ...parts, harvest: store },
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${url}/admin`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  const panel = () => page.locator('#harvest');
  const rows = () => panel().locator('tbody tr');
  const rowOf = (question: string) => rows().filter({ hasText: question });
  const cell = (question: string, label: string) =>
    rowOf(question).locator(`td[data-label="${label}"]`);
  const status = () => page.getByRole('status');
  /** The focused element's accessible label, else its id (a string: this file has no DOM types). */
  const focusedLabel = () =>
    page.evaluate(
      "document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id",
    );

  it('lists the pending candidates newest first, data rendered as text', async () => {
    await expect.poll(() => rows().count()).toBe(2);
    expect(await panel().getByRole('heading').textContent()).toBe('Training examples to review');
    expect(await panel().locator('.hint').textContent()).toBe(
      'Accepted examples enter the next switchboard brand dataset build --include-harvested.',
    );
    expect(await rows().first().locator('td[data-label="Question"]').textContent()).toBe(
      AGENT_QUESTION,
    );
    expect(await cell(AGENT_QUESTION, 'Source').textContent()).toBe('written by an agent (Dana)');
    expect(await cell(AGENT_QUESTION, 'Intent').textContent()).toBe('none');
    expect(await cell(AGENT_QUESTION, 'Conversation').textContent()).toBe('conv-agent');

    expect(await cell(HOSTILE, 'Question').textContent()).toBe(THUMBS_QUESTION);
    expect(await cell(HOSTILE, 'Source').textContent()).toBe('👍 from a customer');
    expect(await cell(HOSTILE, 'Intent').textContent()).toBe('billing');
    expect(await cell(HOSTILE, 'Conversation').textContent()).toBe('conv-thumbs');
    expect(await cell(HOSTILE, 'Time').locator('time').getAttribute('datetime')).toBe(
      '2025-05-01T09:30:00.000Z',
    );
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('collapses a long answer behind a "Show all" toggle', async () => {
    const answer = cell(HOSTILE, 'Answer');
    // The name changes with the state; the locator must not depend on it.
    const toggle = answer.getByRole('button');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await answer.getByRole('button', { name: 'Show all of the answer' }).count()).toBe(1);
    expect(await answer.locator('.prose').textContent()).not.toContain('END-OF-ANSWER');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await answer.locator('.prose').textContent()).toBe(LONG_ANSWER);
    expect(await answer.getByRole('button', { name: 'Show less of the answer' }).count()).toBe(1);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await answer.locator('.prose').textContent()).not.toContain('END-OF-ANSWER');
    // A short answer has nothing to expand.
    expect(await cell(AGENT_QUESTION, 'Answer').getByRole('button').count()).toBe(0);
  });

  it('accepts one and rejects the other: rows leave, the live region and the store agree', async () => {
    await rowOf(HOSTILE)
      .getByRole('button', { name: /^Accept: Why was I charged twice/ })
      .click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await status().textContent()).toBe(
      `Accepted “${THUMBS_QUESTION}”: it enters the next dataset build.`,
    );
    expect((await store.get(thumbsId))?.state).toBe('accepted');
    // Keyboard focus moves to the same button on the remaining row.
    expect(await focusedLabel()).toBe(`Accept: ${AGENT_QUESTION}`);

    await rowOf(AGENT_QUESTION)
      .getByRole('button', { name: `Reject: ${AGENT_QUESTION}` })
      .click();
    await expect.poll(() => panel().locator('.body').textContent()).toBe('Nothing to review.');
    expect(await status().textContent()).toBe(
      `Rejected “${AGENT_QUESTION}”: it stays out of the dataset.`,
    );
    expect((await store.get(agentId))?.state).toBe('rejected');
    expect((await store.accepted()).map((c) => c.id)).toEqual([thumbsId]);
    expect(await focusedLabel()).toBe('harvest-state');
  });

  it('shows the accepted and the rejected ones through the filter', async () => {
    const filter = panel().getByLabel('Show');
    await filter.selectOption('accepted');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await cell(HOSTILE, 'Question').textContent()).toBe(THUMBS_QUESTION);
    expect(await cell(HOSTILE, 'Time').textContent()).toContain('reviewed');
    // A verdict can change: an accepted example offers only "Reject".
    expect(
      await rows()
        .getByRole('button', { name: /^(Accept|Reject):/ })
        .allTextContents(),
    ).toEqual(['Reject']);

    await filter.selectOption('rejected');
    await expect
      .poll(() => rows().first().locator('td[data-label="Question"]').textContent())
      .toBe(AGENT_QUESTION);
    expect(await rows().count()).toBe(1);
  });

  it('passes an axe-core audit and fits a 360 px wide screen', async () => {
    await panel().getByLabel('Show').selectOption('accepted');
    await expect.poll(() => rows().count()).toBe(1);
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    const violations = await page.evaluate(
      `axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) })))`,
    );
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'admin-harvest.png'), fullPage: true });

    await page.setViewportSize({ width: 360, height: 800 });
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(360);
    expect(
      await rows()
        .getByRole('button', { name: /^Reject:/ })
        .isVisible(),
    ).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'admin-harvest-360.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

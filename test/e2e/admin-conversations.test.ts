import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConversationInsights,
  RedisConversationIndex,
  RedisConversationStore,
  RedisDocsGapLog,
  RedisFeedbackStore,
} from '@switchboard/assistant';
import type { ChannelName, HandoffState, Turn } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppOptions, buildApp } from '../../apps/server/src/app.ts';
import { adminParts } from '../support/admin-parts.ts';
import { ARTIFACTS_DIR, AXE_PATH, launchChromium } from './fixtures/widget-server.ts';

const TOKEN = 'admin-conversations-e2e-token-0123';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const HOUR = 3_600_000;

interface OutcomeFiguresJson {
  conversations: number;
  issues: number;
  resolutionRate: number | null;
  handoffRate: number | null;
  csat: number | null;
  outcomes: Record<string, number>;
  handoffsByReason: Array<{ reason: string; issues: number; rate: number }>;
}
interface OutcomesJson {
  totals: OutcomeFiguresJson;
  byRoute: Array<{ route: string } & OutcomeFiguresJson>;
  byChannel: Array<{ channel: string } & OutcomeFiguresJson>;
  series: Array<{ start: string; issues: number; resolutionRate: number | null }>;
  docsGaps: Array<{ question: string; count: number }>;
}

/** The page's own formatting of a rate, so "the same number" is checked digit for digit. */
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * The Conversations and Outcomes views of the admin page in real Chromium against the real
 * server, on conversations written through the real conversation store, index, feedback store
 * and docs-gap log in the test run's Redis.
 */
describe('admin page: conversations and outcomes (Chromium)', () => {
  const prefix = `test-${randomUUID()}:`;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  let redis: Redis;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    const ttlSeconds = 30 * 86_400;
    const index = new RedisConversationIndex({ redis, prefix, ttlSeconds });
    const memory = new RedisConversationStore({
      redis,
      prefix: `${prefix}conv:`,
      ttlSeconds,
      index,
    });
    const feedback = new RedisFeedbackStore({ redis, prefix, ratedTurns: index });
    const gaps = new RedisDocsGapLog({ redis, prefix });
    const now = Date.now();
    const at = (hoursAgo: number) => now - hoursAgo * HOUR;
    let n = 0;
    const answer = (hoursAgo: number, route: Turn['route'], extra: Partial<Turn> = {}): Turn => ({
      role: 'assistant',
      text: `Answer ${++n}.`,
      at: at(hoursAgo) + 1,
      route,
      id: `msg-${n}`,
      confidence: 0.82,
      ...extra,
    });
    const say = (id: string, channel: ChannelName, turns: Turn[]) =>
      memory.append(id, turns, { channel });

    await say('web:solar-1', 'web', [
      { role: 'user', text: 'Can the thermostat run on solar power?', at: at(50) },
      answer(50, 'handoff', {
        handoffReason: 'no_docs',
        text: 'I am not sure; a person can help.',
      }),
      {
        role: 'agent',
        text: 'Hi, Ana here: not yet, sorry!',
        at: at(49),
        agent: { name: 'Ana', via: 'slack' },
      } as Turn,
    ]);
    await index.handedOff({
      id: 't1',
      conversationId: 'web:solar-1',
      reason: 'no_docs',
      channel: 'web',
      transcript: [],
      at: at(50) + 5,
    });
    await gaps.record({
      conversationId: 'web:solar-1',
      question: 'Can the thermostat run on solar power?',
      reason: 'no_docs',
      channel: 'web',
      at: at(50),
    });
    await say('slack:solar-2', 'slack', [
      { role: 'user', text: 'can thermostat run on solar power', at: at(40) },
      answer(40, 'handoff', { handoffReason: 'no_docs' }),
    ]);
    await gaps.record({
      conversationId: 'slack:solar-2',
      question: 'can thermostat run on solar power',
      reason: 'no_docs',
      channel: 'slack',
      at: at(40),
    });
    await say('web:pairing', 'web', [
      { role: 'user', text: `How do I pair a room sensor? ${HOSTILE}`, at: at(30) },
      answer(30, 'knowledge', {
        text: 'Hold the pairing button for five seconds [1]. See also [2].',
        citations: [
          {
            index: 1,
            chunkId: 'sensors#1',
            docId: 'guides/sensor-pairing',
            title: 'Pairing a room sensor',
            sectionPath: ['Sensors', 'Pairing'],
            url: 'https://help.example.com/sensors/pairing',
            snippet: 'Hold the button.',
          },
          {
            index: 2,
            chunkId: 'x#1',
            docId: 'x',
            title: 'A doubtful link',
            sectionPath: [],
            url: 'javascript:alert(1)',
            snippet: 'x',
          },
        ],
      }),
    ]);
    await feedback.record({
      conversationId: 'web:pairing',
      messageId: `msg-${n}`,
      rating: 'down',
      reason: 'The button is on the back',
      channel: 'web',
      at: at(29),
    });
    await say('web:password', 'web', [
      { role: 'user', text: 'I forgot my password', at: at(72) },
      answer(72, 'brand', { intent: 'reset_password' }),
    ]);
    await feedback.record({
      conversationId: 'web:password',
      messageId: `msg-${n}`,
      rating: 'up',
      channel: 'web',
      at: at(71),
    });
    await say('api:schedule', 'api', [
      { role: 'user', text: 'How do I change the schedule?', at: at(2) },
      answer(2, 'knowledge'),
    ]);
    await say('web:hello', 'web', [
      { role: 'user', text: 'hello', at: at(90) },
      answer(90, 'smalltalk'),
    ]);
    const handoffState: HandoffState = {
      conversationId: 'web:solar-1',
      channel: 'web',
      mode: 'agent',
      reason: 'no_docs',
      agent: { name: 'Ana', via: 'slack' },
      since: at(49),
      history: [
        { mode: 'waiting', at: at(50) + 5, by: 'system' },
        { mode: 'agent', at: at(49), by: 'agent' },
      ],
    };
    const conversations = new ConversationInsights({
      index,
      transcripts: memory,
      gaps,
      resolutionWindowMs: 24 * HOUR,
      handoffState: async (id) => (id === 'web:solar-1' ? handoffState : null),
    });

    app = await buildApp({
      assistant: {} as AppOptions['assistant'], // the admin routes never reach it
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      admin: { token: TOKEN, ...adminParts(redis, prefix), feedback, gaps, conversations },
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
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
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const rows = () => page.locator('#conversations tbody tr');
  const axe = async (selector: string) => {
    await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    return page.evaluate(
      `axe.run(document.querySelector(${JSON.stringify(selector)})).then((r) => r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) })))`,
    );
  };
  /** What the API answers for the outcomes form as it stands, fetched by the page itself. */
  const outcomesApi = () =>
    page.evaluate(`(async () => {
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(document.querySelector('#outcomes form')))
        if (value) params.set(name, String(value));
      const response = await fetch('/admin/api/outcomes?' + params);
      return response.json();
    })()`) as Promise<OutcomesJson>;

  it('lists conversations newest first with channel, routes, outcome and feedback', async () => {
    await rows().first().waitFor();
    expect(await rows().count()).toBe(6);
    const first = rows().first();
    expect(await first.locator('td[data-label="Conversation"]').textContent()).toBe(
      'How do I change the schedule?',
    );
    const pairing = rows().filter({ hasText: 'How do I pair a room sensor?' });
    expect(await pairing.locator('td[data-label="Channel"]').textContent()).toBe('web');
    expect(await pairing.locator('td[data-label="Routes"]').textContent()).toBe('knowledge');
    expect(await pairing.locator('td[data-label="Outcome"]').textContent()).toBe(
      'Rated not helpful',
    );
    const solar = rows().filter({ hasText: 'Can the thermostat run on solar power?' });
    expect(await solar.locator('td[data-label="Outcome"]').textContent()).toBe('Handed off');
    // The customer's words are text, never markup.
    expect(await pairing.locator('td[data-label="Conversation"]').textContent()).toContain(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('searches and filters', async () => {
    await page.getByLabel('Search').fill('solar pow');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(2);
    expect(await page.locator('#conversations .results').textContent()).toBe(
      '2 conversations shown.',
    );
    await page.locator('#conversations-channel').selectOption('slack');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('td[data-label="Channel"]').textContent()).toBe('slack');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows().count()).toBe(6);
    await page.locator('#conversations-outcome').selectOption('resolved');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('I forgot my password');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows().count()).toBe(6);
  });

  it('opens a transcript from the keyboard: routes, confidence, citations as links, feedback', async () => {
    const open = page.getByRole('button', { name: /How do I pair a room sensor/ });
    await open.focus();
    await page.keyboard.press('Enter');
    const view = page.locator('.transcript-view');
    await view.waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('transcript-title');
    expect(await page.locator('#transcript-title').textContent()).toBe('Conversation web:pairing');
    // The list and its filters make way for the transcript.
    expect(await page.locator('#conversations .body').isHidden()).toBe(true);
    expect(await page.locator('#conversations form').isHidden()).toBe(true);
    const turns = view.locator('.turn');
    expect(await turns.count()).toBe(2);
    expect(await turns.nth(0).locator('.prose').textContent()).toBe(
      `How do I pair a room sensor? ${HOSTILE}`,
    );
    const reply = turns.nth(1);
    expect(await reply.locator('.route').textContent()).toBe('Route: knowledge');
    expect(await reply.locator('.confidence').textContent()).toBe('Confidence 82%');
    const link = reply.getByRole('link', { name: '[1] Pairing a room sensor' });
    expect(await link.getAttribute('href')).toBe('https://help.example.com/sensors/pairing');
    // A citation whose URL is not a web link is shown, never linked.
    expect(await reply.locator('.citations li').nth(1).textContent()).toBe('[2] A doubtful link');
    expect(await reply.getByRole('link').count()).toBe(1);
    expect(await reply.locator('.feedback').textContent()).toBe(
      '👎 Rated not helpful: “The button is on the back”',
    );
    expect(await view.locator('.facts').textContent()).toContain('Rated not helpful');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'admin-transcript.png'), fullPage: true });
    expect(await axe('#conversations')).toEqual([]);

    await page.getByRole('button', { name: 'Back to the conversations' }).click();
    expect(await page.evaluate('document.activeElement?.textContent')).toContain(
      'How do I pair a room sensor?',
    );
  });

  it('shows a handed-off transcript with the person’s turn and the handoff state', async () => {
    await page.getByRole('button', { name: 'Can the thermostat run on solar power?' }).click();
    const view = page.locator('.transcript-view');
    await view.locator('.turn').first().waitFor();
    expect(await view.locator('.turn').nth(1).locator('.handoff').textContent()).toBe(
      'Handoff: No docs answer it',
    );
    expect(await view.locator('.turn[data-role="agent"] .turn-head strong').textContent()).toBe(
      'Person from the team: Ana (via slack)',
    );
    const state = view.locator('.handoff-state');
    expect(await state.getAttribute('data-mode')).toBe('agent');
    expect(await state.textContent()).toContain(
      'Handoff: With a person, Ana via slack (No docs answer it)',
    );
    expect(await state.locator('.history li').count()).toBe(2);
    expect(await axe('#conversations')).toEqual([]);
    await page.getByRole('button', { name: 'Back to the conversations' }).click();
    await rows().first().waitFor();
  });

  it('shows outcome charts whose numbers are the API’s', async () => {
    const api = await outcomesApi();
    const section = page.locator('#outcomes');
    await section.locator('.tiles').waitFor();
    for (const [metric, value, shown] of [
      ['conversations', api.totals.conversations, String(api.totals.conversations)],
      ['issues', api.totals.issues, String(api.totals.issues)],
      ['resolutionRate', api.totals.resolutionRate, percent(api.totals.resolutionRate)],
      ['handoffRate', api.totals.handoffRate, percent(api.totals.handoffRate)],
      ['csat', api.totals.csat, percent(api.totals.csat)],
    ] as const) {
      const tile = section.locator(`.tile[data-metric="${metric}"]`);
      expect(await tile.getAttribute('data-value'), metric).toBe(
        value === null ? '' : String(value),
      );
      expect(await tile.locator('dd').textContent(), metric).toBe(shown);
    }
    // Known figures of the scripted set (24 h window): 6 conversations, 1 resolved (password),
    // 2 handed off (solar ×2), 1 👎 (pairing), 1 pending (schedule), 1 small talk.
    expect(api.totals).toMatchObject({
      conversations: 6,
      issues: 6,
      outcomes: { resolved: 1, handed_off: 2, negative: 1, pending: 1, small_talk: 1 },
      resolutionRate: 0.25,
      handoffRate: 0.5,
      csat: 0.5,
    });

    // Issues per day: one bar per day of the period, its height from the API's count.
    const bars = section.locator('svg.chart rect.bar[data-start]');
    expect(await bars.count()).toBe(api.series.length);
    const drawn = await bars.evaluateAll((rects) =>
      rects.map((r) => [r.getAttribute('data-start'), Number(r.getAttribute('data-count'))]),
    );
    expect(drawn).toEqual(api.series.map((p) => [p.start, p.issues]));
    // The same numbers as a table for readers who cannot see the chart.
    await section.getByText(/as numbers/).click();
    const dayRows = section.locator('details tbody tr');
    expect(await dayRows.count()).toBe(api.series.length);

    const reasons = await section
      .locator('rect.bar[data-issues]')
      .evaluateAll((rects) =>
        rects.map((r) => [r.getAttribute('data-key'), Number(r.getAttribute('data-issues'))]),
      );
    expect(reasons).toEqual(api.totals.handoffsByReason.map((r) => [r.reason, r.issues]));

    const csat = await section
      .locator('rect.bar[data-csat]')
      .evaluateAll((rects) =>
        rects.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-csat')]),
      );
    expect(csat).toEqual([
      ...api.byRoute.map((r) => [r.route, r.csat === null ? '' : String(r.csat)]),
      ...api.byChannel.map((r) => [r.channel, r.csat === null ? '' : String(r.csat)]),
    ]);
    const knowledge = section.locator('svg[aria-label^="Share of helpful"] .row', {
      hasText: 'knowledge',
    });
    expect(await knowledge.locator('text.value').textContent()).toBe('0.0% of 1 rated');

    const gapRows = section.locator('.docs-gaps tbody tr');
    expect(await gapRows.count()).toBe(api.docsGaps.length);
    expect(await gapRows.first().locator('td[data-label="Question"]').textContent()).toBe(
      api.docsGaps[0]?.question,
    );
    expect(await gapRows.first().locator('td[data-label="Asked"]').textContent()).toBe('2');

    // Narrowed to one channel, the page asks again and shows that channel's figures.
    await page.locator('#outcomes-channel').selectOption('slack');
    await page.getByRole('button', { name: 'Show outcomes' }).click();
    await expect
      .poll(() => section.locator('.tile[data-metric="conversations"] dd').textContent())
      .toBe('1');
    const slack = await outcomesApi();
    expect(slack.totals.conversations).toBe(1);
    expect(await section.locator('.tile[data-metric="handoffRate"] dd').textContent()).toBe(
      percent(slack.totals.handoffRate),
    );
    await page.locator('#outcomes-channel').selectOption('');
    await page.getByRole('button', { name: 'Show outcomes' }).click();
    await expect
      .poll(() => section.locator('.tile[data-metric="conversations"] dd').textContent())
      .toBe('6');
  });

  it('passes an axe-core audit of the whole page and saves screenshots', async () => {
    expect(await page.locator('#alert').textContent()).toBe('');
    expect(await axe('html')).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'admin-conversations.png'), fullPage: true });
    await page.locator('#outcomes').screenshot({ path: join(ARTIFACTS_DIR, 'admin-outcomes.png') });
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(360);
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'admin-conversations-360.png'),
      fullPage: true,
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  agentPost,
  chatwootConversation,
  HANDOFF_CHANNEL,
  type HandoffServer,
  startHandoffServer,
  ticketThread,
} from './fixtures/handoff-server.ts';
import { ARTIFACTS_DIR, AXE_PATH, launchChromium } from './fixtures/widget-server.ts';

/**
 * Handoff as a loop, end to end in real Chromium: the customer asks for a person in the widget,
 * an agent answers from the Slack ticket thread (then from Chatwoot, then through the signed
 * reply webhook), the answer appears live and after a reload, the assistant keeps quiet while
 * the agent holds the conversation, and "back to the assistant" (or the agent) hands it back.
 */
describe('handoff loop in the widget (Chromium, Slack, Chatwoot and the reply webhook)', () => {
  let server: HandoffServer;
  let browser: Browser;
  let page: Page;
  let conversationId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startHandoffServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const chat = () => page.getByRole('dialog', { name: 'Nimbus Home support' });
  const status = () => chat().locator('.status');
  const assistantCount = () => chat().locator('.msg.assistant').count();
  const send = async (text: string): Promise<Response> => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/widget/chat'));
    await chat().getByRole('textbox', { name: 'Your message' }).fill(text);
    await page.keyboard.press('Enter');
    const response = await answered;
    await response.finished();
    return response;
  };
  const askForPerson = async () => {
    const asked = page.waitForResponse((r) => r.url().endsWith('/api/widget/handoff'));
    await chat().locator('.bar').getByRole('button', { name: 'Talk to a human' }).click();
    expect((await (await asked).json()) as object).toMatchObject({
      delivered: true,
      mode: 'waiting',
    });
    await expect
      .poll(() => status().textContent())
      .toBe('Waiting for a person from our team to join…');
  };
  const backToBot = async (line: RegExp) => {
    await chat().getByRole('button', { name: 'Back to the assistant' }).click();
    await chat().locator('.msg.notice', { hasText: line }).last().waitFor();
    await expect.poll(() => status().isHidden()).toBe(true);
    await chat().locator('.bar').getByRole('button', { name: 'Talk to a human' }).waitFor();
  };

  it('asks for a person: the widget shows the waiting state and every target gets the ticket', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await send('How do I pair a room sensor?');
    await chat().locator('.msg.assistant .sources').last().waitFor();
    const stored = (await page.evaluate(
      "Object.entries(localStorage).find(([k]) => k.startsWith('switchboard-chat:conversation:'))?.[1]",
    )) as string;
    conversationId = (JSON.parse(stored) as { conversationId: string }).conversationId;

    await askForPerson();
    expect(await chat().getByRole('button', { name: 'Back to the assistant' }).isVisible()).toBe(
      true,
    );
    const headline = server.slackApi
      .callsOf('chat.postMessage')
      .find((c) => c.args.channel === HANDOFF_CHANNEL && !c.args.thread_ts);
    expect(JSON.stringify(headline?.args.blocks)).toContain('switchboard_handback');
    expect(await chatwootConversation(server.runtime, conversationId)).toBeGreaterThan(0);
    expect(server.helpdesk.requests.at(-1)?.body).toMatchObject({
      type: 'handoff',
      ticket: { conversationId, reason: 'customer_asked', channel: 'web' },
    });
  });

  it("shows the agent's reply from the Slack thread live, without a reload", async () => {
    const thread = await ticketThread(server.runtime, conversationId);
    const response = await server.slackEvent(
      agentPost(thread, 'Hi, I am Ana from support. Is the sensor within 10 m of the hub?'),
    );
    expect(response.status).toBe(200);
    const agent = chat().locator('.msg.agent', {
      hasText: 'Is the sensor within 10 m of the hub?',
    });
    await agent.waitFor();
    expect(await agent.locator('.who').textContent()).toBe('Ana: ');
    await expect
      .poll(() => status().textContent())
      .toBe('You are chatting with Ana from our team.');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'handoff-agent-live.png') });
    // The agent's message, the status line and "Back to the assistant" pass an accessibility audit.
    await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    const violations = await page.evaluate(
      `axe.run(document.querySelector('switchboard-chat')).then((r) => r.violations.map((v) => v.id))`,
    );
    expect(violations).toEqual([]);
  });

  it("keeps the agent's reply and the state after a reload", async () => {
    await page.reload();
    await chat()
      .locator('.msg.agent', { hasText: 'Is the sensor within 10 m of the hub?' })
      .waitFor();
    await expect
      .poll(() => status().textContent())
      .toBe('You are chatting with Ana from our team.');
    // Restored once: the live stream does not add it a second time.
    await page.waitForTimeout(300);
    expect(await chat().locator('.msg.agent').count()).toBe(1);
  });

  it('does not answer while the agent holds the conversation; the agent sees the message', async () => {
    const before = await assistantCount();
    await send('Yes, it is right next to the hub. How do I reset it?');
    await page.waitForTimeout(300);
    expect(await assistantCount()).toBe(before);
    const turns = await server.runtime.memory.load(conversationId);
    expect(turns.at(-1)).toMatchObject({
      role: 'user',
      text: expect.stringContaining('right next to the hub'),
    });
    const thread = await ticketThread(server.runtime, conversationId);
    const relayed = server.slackApi
      .callsOf('chat.postMessage')
      .find(
        (c) => c.args.thread_ts === thread && String(c.args.text).includes('right next to the hub'),
      );
    expect(relayed?.args.channel).toBe(HANDOFF_CHANNEL);
    const cw = server.chatwoot.conversations.get(
      await chatwootConversation(server.runtime, conversationId),
    );
    expect(cw?.messages.at(-1)).toMatchObject({
      message_type: 'incoming',
      content: expect.stringContaining('right next to the hub'),
    });
  });

  it('"Back to the assistant" resumes the bot', async () => {
    await backToBot(/back with the assistant/);
    const before = await assistantCount();
    await send('How do I turn on Eco mode?');
    await chat().locator('.msg.assistant .sources').last().waitFor();
    expect(await assistantCount()).toBe(before + 1);
    expect(await chat().locator('.msg.assistant').last().textContent()).toMatch(/Eco/);
    expect(
      (await server.runtime.support.handoff.state(conversationId))?.history.at(-1),
    ).toMatchObject({
      mode: 'bot',
      by: 'customer',
    });
  });

  it('runs the same loop through Chatwoot: a reply appears live, resolving hands back', async () => {
    await askForPerson();
    const id = await chatwootConversation(server.runtime, conversationId);
    expect((await server.chatwoot.privateNote(id, 'internal: check warranty')).status).toBe(200);
    const reply = await server.chatwoot.agentReplies(
      id,
      'Priya here: your sensor is covered by warranty.',
    );
    expect(await reply.json()).toMatchObject({ handled: true, delivered: true });
    await chat().locator('.msg.agent', { hasText: 'covered by warranty' }).waitFor();
    await expect
      .poll(() => status().textContent())
      .toBe('You are chatting with Priya from our team.');
    // The private note stayed in Chatwoot.
    expect(await chat().locator('.msg', { hasText: 'internal: check warranty' }).count()).toBe(0);

    await server.chatwoot.resolve(id);
    await chat()
      .locator('.msg.notice', { hasText: /handed you back/ })
      .waitFor();
    await expect.poll(() => status().isHidden()).toBe(true);
    const before = await assistantCount();
    await send('How do I pair a room sensor?');
    await expect.poll(assistantCount).toBe(before + 1);
  });

  it('runs the same loop through the signed reply webhook', async () => {
    await askForPerson();
    const answered = await server.reply({
      conversationId,
      text: 'Sam from the helpdesk: a replacement is on its way.',
      agent: { name: 'Sam', id: 'agent-9' },
    });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ delivered: true, mode: 'agent' });
    await chat().locator('.msg.agent', { hasText: 'a replacement is on its way' }).waitFor();
    await expect
      .poll(() => status().textContent())
      .toBe('You are chatting with Sam from our team.');
    // Every agent reply is a training candidate for review.
    const candidates = await server.runtime.harvest.list({ state: 'pending' });
    expect(candidates.map((c) => c.answer)).toEqual(
      expect.arrayContaining([
        'Hi, I am Ana from support. Is the sensor within 10 m of the hub?',
        'Sam from the helpdesk: a replacement is on its way.',
      ]),
    );

    const back = await server.reply({ conversationId, handBack: true, agent: 'Sam' });
    expect(await back.json()).toEqual({ delivered: false, mode: 'bot' });
    await chat()
      .locator('.msg.notice', { hasText: /handed you back/ })
      .last()
      .waitFor();
    await expect.poll(() => status().isHidden()).toBe(true);
  });

  it('lists the handoffs with their history on the admin API', async () => {
    const response = await fetch(`${server.url}/admin/api/handoffs?mode=bot`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const { handoffs } = (await response.json()) as {
      handoffs: Array<{ conversationId: string; history: Array<{ mode: string; by: string }> }>;
    };
    const ours = handoffs.find((h) => h.conversationId === conversationId);
    expect(ours?.history.map((h) => `${h.mode}:${h.by}`)).toEqual([
      'waiting:customer',
      'agent:agent',
      'bot:customer',
      'waiting:customer',
      'agent:agent',
      'bot:agent',
      'waiting:customer',
      'agent:agent',
      'bot:agent',
    ]);
    const refused = await fetch(`${server.url}/admin/api/handoffs?mode=lost`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(refused.status).toBe(400);
  });

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

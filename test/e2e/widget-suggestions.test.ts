import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../support/http-server.ts';
import { launchChromium, startWidgetServer, type WidgetServer } from './fixtures/widget-server.ts';

const PASSWORD = 'I forgot my password';
const WIFI = 'How do I reconnect the hub to Wi-Fi?';
const ORDER = 'Where is my order 48213?';
const TWICE = 'Which Wi-Fi bands and security modes does the hub support?';

/**
 * Suggested first questions by default (issue 13): the real server (WIDGET_SUGGESTIONS unset:
 * `auto`) after real traffic through the assistant, and the widget in Chromium on another site,
 * with and without its own `suggestions` attribute.
 */
describe('widget suggestions: the most asked questions by default (Chromium)', () => {
  let server: WidgetServer;
  let site: LocalServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    site = await startLocalServer((request, res) => {
      const embed = PAGES[request.path.slice(1)];
      res.writeHead(embed ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html>${embed ?? ''}<script src="${server.url}/widget.js"></script>`);
    });
    server = await startWidgetServer({
      SWITCHBOARD_KNOWLEDGE_PATH: join(import.meta.dirname, 'fixtures/widget-help-centre'),
      WIDGET_ALLOWED_ORIGINS: site.url,
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
  });

  const ask = async (text: string, n: number) => {
    const reply = await server.runtime.assistant.reply({
      conversationId: `web-seed-${n}-${text.length}`,
      text,
      channel: 'web',
    });
    return reply;
  };

  /** Opens the widget on one of the site's pages; answers the page and the transcript it loaded. */
  const open = async (name: string) => {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${site.url}/${name}`);
    const loaded = page.waitForResponse((r) => r.url().endsWith('/api/widget/conversation'));
    await page.getByRole('button', { name: 'Open chat' }).click();
    const transcript = (await (await loaded).json()) as { turns: unknown[]; suggestions?: unknown };
    return { page, transcript };
  };
  const chips = async (page: Page): Promise<string[]> => {
    const group = page.getByRole('group', { name: 'Suggested questions' });
    if ((await group.count()) === 0) return [];
    return group.getByRole('button').allTextContents();
  };

  it('offers the questions answered in three conversations, not an order number nor one asked twice', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await ask(PASSWORD, i)).route).toBe('brand');
      const wifi = await ask(WIFI, i);
      expect(wifi.route).toBe('knowledge');
      expect(wifi.citations.length).toBeGreaterThan(0);
      await ask(ORDER, i);
    }
    await ask(TWICE, 0);
    await ask(TWICE, 1);
    const list = await server.runtime.widgetSuggestions.refresh();
    expect([...list].sort()).toEqual([PASSWORD, WIFI].sort());

    const { page, transcript: first } = await open('plain');
    expect(first).toMatchObject({ turns: [], suggestions: list });
    await expect.poll(() => chips(page)).toEqual(list);
    // A chip asks itself; the conversation then has turns, and a reload shows no chips.
    await page.getByRole('button', { name: PASSWORD }).click();
    await page.locator('switchboard-chat .msg.user').waitFor();
    await expect.poll(() => chips(page)).toEqual([]);
    await page.locator('switchboard-chat .msg.assistant .actions').waitFor();
    const transcript = page.waitForResponse((r) => r.url().endsWith('/api/widget/conversation'));
    await page.reload();
    const body = (await (await transcript).json()) as { turns: unknown[]; suggestions?: unknown };
    expect(body.turns.length).toBeGreaterThan(0);
    expect(body.suggestions).toBeUndefined();
    await page.locator('switchboard-chat .msg.user').waitFor();
    expect(await chips(page)).toEqual([]);
    await page.context().close();
  });

  it("the page's own list wins, and an empty one shows none", async () => {
    // The server still sends its list (the page decides): the page's attribute wins.
    const own = await open('own');
    expect(own.transcript.suggestions).toEqual(server.runtime.widgetSuggestions.current());
    await expect.poll(() => chips(own.page)).toEqual(['Do you ship to Canada?']);
    await own.page.context().close();

    const none = await open('none');
    expect(none.transcript.suggestions).toEqual(server.runtime.widgetSuggestions.current());
    await none.page.locator('switchboard-chat .msg.assistant').first().waitFor();
    expect(await chips(none.page)).toEqual([]);
    await none.page.context().close();
  });

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

const PAGES: Record<string, string> = {
  plain: '<html lang="en"><title>Shop</title><switchboard-chat></switchboard-chat>',
  own: `<html lang="en"><title>Shop</title><switchboard-chat suggestions='["Do you ship to Canada?"]'></switchboard-chat>`,
  none: `<html lang="en"><title>Shop</title><switchboard-chat suggestions="[]"></switchboard-chat>`,
};

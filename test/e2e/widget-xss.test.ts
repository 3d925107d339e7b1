import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startWidgetServer, type WidgetServer } from './fixtures/widget-server.ts';

const shadow = "document.querySelector('switchboard-chat').shadowRoot";

/**
 * Answers are built from documents, and documents can carry markup. Here the knowledge folder's
 * main document holds <img onerror>, <script>, <svg onload> and a javascript: link, each of which
 * would set `window.__pwned` and open an alert if it ever ran.
 */
describe('web widget with hostile documents', () => {
  let server: WidgetServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startWidgetServer({
      SWITCHBOARD_KNOWLEDGE_PATH: join(import.meta.dirname, 'fixtures/hostile-help-centre'),
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const messages = () => page.locator('switchboard-chat .messages');
  const executed = () => page.evaluate('window.__pwned ?? null');
  const markupInMessages = () =>
    page.evaluate(
      // Anywhere in the conversation: no active markup. In answer text and sources: no SVG either
      // (the widget's own icons live in its buttons).
      `(() => { const m = ${shadow}.querySelector('.messages');
        const rendered = [...m.querySelectorAll('.body, .sources')].flatMap((el) => [...el.querySelectorAll('svg')]);
        return m.querySelectorAll('img, script, iframe, object, embed, [onerror], [onload]').length + rendered.length; })()`,
    );

  it('shows the markup of an answer as text and runs none of it', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page
      .getByRole('textbox', { name: 'Your message' })
      .fill('How do I calibrate the humidity sensor?');
    await page.keyboard.press('Enter');
    const answer = messages().locator('.msg.assistant').last();
    await answer.locator('.sources').waitFor();

    const text = (await answer.textContent()) ?? '';
    // The payloads were in the answer (so the test can fail) and arrived as plain text.
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('<script>');
    expect(await markupInMessages()).toBe(0);
    expect(await answer.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await answer.locator('.sources').textContent()).toContain('<img src=x');
    await page.waitForTimeout(300); // let any image error or script task fire (there must be none)
    expect(await executed()).toBeNull();
    expect(dialogs).toEqual([]);
  });

  it('stays inert when the transcript is restored after a reload', async () => {
    await page.reload();
    await messages().locator('.msg.user').first().waitFor();
    await messages().locator('.msg.assistant .sources').last().waitFor();
    expect(await markupInMessages()).toBe(0);
    expect(await executed()).toBeNull();
    expect(dialogs).toEqual([]);
  });

  it('renders the cited document’s help page as escaped text', async () => {
    const href = await messages().locator('.sources a').last().getAttribute('href');
    expect(href).toMatch(/\/help\/calibrate-the-humidity-sensor\.md$/);
    const help = await browser.newPage();
    help.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await help.goto(href!);
    expect(await help.locator('main').textContent()).toContain('<script>');
    expect(await help.locator('main img, main script, main svg').count()).toBe(0);
    expect(await help.evaluate('window.__pwned ?? null')).toBeNull();
    await help.close();
    expect(dialogs).toEqual([]);
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mintIdentityToken } from '@switchboard/web-channel';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../support/http-server.ts';
import {
  ARTIFACTS_DIR,
  AXE_PATH,
  launchChromium,
  startWidgetServer,
  type WidgetServer,
} from './fixtures/widget-server.ts';

/** The widget's shadow root, for checks the accessibility tree cannot express. */
const shadow = "document.querySelector('switchboard-chat').shadowRoot";

const IDENTITY_SECRET = 'identity-secret-for-the-widget-e2e-test';

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: unknown[];
}

/**
 * The web channel end to end in real Chromium: the demo page served by the real server on the
 * bundled sample, the bundled widget, real Redis.
 */
describe('web widget in Chromium (demo page, sample data)', () => {
  let server: WidgetServer;
  /** Another site (another origin) embedding the widget. */
  let shop: LocalServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Another site's backend: it mints an identity token (an HS256 JWT) for its logged-in customer.
    const identity = await mintIdentityToken(
      { userId: 'cust-42', name: 'Ada' },
      { secret: IDENTITY_SECRET, ttlSeconds: 3_600 },
    );
    shop = await startLocalServer((request, res) => {
      const element =
        request.path === '/account'
          ? `<switchboard-chat mode="inline" title="Aide" strings='{"send":"Envoyer","inputLabel":"Votre message"}' identity-token="${identity}"></switchboard-chat>`
          : '<switchboard-chat mode="inline"></switchboard-chat>';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html lang="fr"><title>Shop</title><main><h1>Shop</h1>${element}</main><script src="${server.url}/widget.js"></script>`,
      );
    });
    server = await startWidgetServer({
      WIDGET_ALLOWED_ORIGINS: shop.url,
      WIDGET_IDENTITY_SECRET: IDENTITY_SECRET,
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await shop?.close();
  });

  const chatWindow = () => page.getByRole('dialog', { name: 'Nimbus Home support' });

  it('opens from the launcher and streams a cited answer', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    // The launcher is now the close button: same element, new name.
    const launcher = page.getByRole('button', { name: 'Close chat' });
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await launcher.getAttribute('class')).toBe('launcher');
    await expect.poll(() => page.evaluate(`${shadow}.activeElement?.id`)).toBe('sb-input');
    await expect.poll(() => chatWindow().textContent()).toContain('Nimbus assistant');

    const streamed = page.waitForResponse((r) => r.url().endsWith('/api/widget/chat'));
    await page.getByRole('textbox', { name: 'Your message' }).fill('How do I pair a room sensor?');
    await page.keyboard.press('Enter');
    const response = await streamed;
    expect(response.headers()['content-type']).toMatch(/text\/event-stream/);
    const body = await response.text();
    expect(body.match(/^event: delta$/gm)?.length ?? 0).toBeGreaterThan(1);
    expect(body).toMatch(/^event: done$/m);

    const answer = chatWindow().locator('.msg.assistant').last();
    await answer.locator('.sources a').first().waitFor();
    expect(await answer.textContent()).toContain('battery tab');
    expect(await answer.locator('strong').count()).toBeGreaterThan(0); // Markdown rendered
    expect(await answer.locator('ol li').count()).toBeGreaterThanOrEqual(5);
  });

  it('links citations to a working page', async () => {
    const marker = chatWindow().locator('.msg.assistant').last().locator('a.cite').first();
    expect(await marker.textContent()).toBe('[1]');
    expect(await marker.getAttribute('rel')).toContain('noopener');
    const [popup] = await Promise.all([page.waitForEvent('popup'), marker.click()]);
    await popup.waitForLoadState();
    expect(await popup.title()).toContain('Room Sensors');
    expect(await popup.locator('main').textContent()).toContain('Pull the plastic battery tab');
    await popup.close();
  });

  it('passes an axe-core audit of the open widget with no violations', async () => {
    await chatWindow()
      .locator('.msg.assistant')
      .last()
      .getByRole('button', { name: 'Not helpful' })
      .click();
    await chatWindow().getByRole('textbox', { name: 'What was wrong? (optional)' }).waitFor();
    // Evaluated, not added as a <script>: the demo page's CSP allows no inline script.
    await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    const violations = (await page.evaluate(
      `axe.run(document.querySelector('switchboard-chat')).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target) })))`,
    )) as AxeViolation[];
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'widget-open.png') });
  });

  it('records 👎 with a reason against the conversation on the server', async () => {
    const reason = chatWindow().getByRole('textbox', { name: 'What was wrong? (optional)' });
    await expect.poll(() => page.evaluate(`${shadow}.activeElement?.tagName`)).toBe('INPUT');
    await reason.fill('I wanted the sensor range');
    await chatWindow().getByRole('button', { name: 'Send feedback' }).click();
    await chatWindow().getByText('Thanks for your feedback.').waitFor();
    // The widget keeps `{conversationId, grant}`: the id alone would not reopen the conversation.
    const stored = (await page.evaluate(
      "Object.entries(localStorage).find(([k]) => k.startsWith('switchboard-chat:conversation:'))?.[1]",
    )) as string;
    const { conversationId, grant } = JSON.parse(stored) as {
      conversationId: string;
      grant: string;
    };
    expect(conversationId).toMatch(/^web:/);
    expect(grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const recent = await server.runtime.support.feedback.recent(10);
    expect(recent.find((f) => f.conversationId === conversationId)).toMatchObject({
      rating: 'down',
      reason: 'I wanted the sensor range',
      channel: 'web',
    });
  });

  it('restores the conversation after a reload, links and all', async () => {
    await page.reload();
    // The panel was open before the reload: it opens again and restores from the server.
    const restored = chatWindow().locator('.msg.user', { hasText: 'How do I pair a room sensor?' });
    await restored.waitFor();
    const answer = chatWindow().locator('.msg.assistant').last();
    expect(await answer.textContent()).toContain('battery tab');
    expect(await answer.locator('a.cite').first().getAttribute('href')).toMatch(
      /\/help\/features\/room-sensors\.md$/,
    );
    // The 👎 given before the reload is still there: no second chance to rate, the note instead.
    expect(await answer.getByRole('button', { name: 'Helpful', exact: true }).count()).toBe(0);
    expect(await answer.locator('.rated').textContent()).toBe('Thanks for your feedback.');
  });

  it('offers a human and, with no handoff target, gives the company’s contact', async () => {
    const human = chatWindow().getByRole('button', { name: 'Talk to a human' });
    expect(await human.count()).toBe(1);
    await human.click();
    await chatWindow()
      .getByText(/help@nimbus\.example/)
      .waitFor();
  });

  it('keeps the host page’s CSS out (Shadow DOM)', async () => {
    // The demo page styles every <button> uppercase in Georgia; the widget's must not be.
    const style = await page.evaluate(
      `(() => { const s = getComputedStyle(${shadow}.querySelector('.send')); return [s.textTransform, s.fontFamily]; })()`,
    );
    expect(style).toEqual(['none', expect.not.stringContaining('Georgia')]);
  });

  it('works with the keyboard alone: open, ask, close, focus back on the launcher', async () => {
    const keyboardPage = await context.newPage();
    await keyboardPage.goto(server.url);
    await keyboardPage.evaluate('sessionStorage.clear()');
    await keyboardPage.reload();
    const focusedInWidget = () => keyboardPage.evaluate(`${shadow}.activeElement?.className ?? ''`);
    for (let i = 0; i < 15 && (await focusedInWidget()) !== 'launcher'; i++)
      await keyboardPage.keyboard.press('Tab');
    expect(await focusedInWidget()).toBe('launcher');
    await keyboardPage.keyboard.press('Enter');
    await expect.poll(() => keyboardPage.evaluate(`${shadow}.activeElement?.id`)).toBe('sb-input');
    await keyboardPage.keyboard.type('How do I turn on Eco mode?');
    await keyboardPage.keyboard.press('Enter');
    const dialog = keyboardPage.getByRole('dialog', { name: 'Nimbus Home support' });
    await dialog.locator('.msg.assistant .sources').last().waitFor();
    // The finished answer is announced once through the live region.
    await expect
      .poll(() => dialog.locator('[aria-live=polite]').textContent())
      .toMatch(/^Assistant: .*Eco/s);
    await keyboardPage.keyboard.press('Escape');
    await expect.poll(focusedInWidget).toBe('launcher');
    expect(await dialog.isHidden()).toBe(true);
    await keyboardPage.close();
  });

  /** Opens a page of the other site, which embeds the widget from our server. */
  const hostPage = async (url: string) => {
    const other = await context.newPage();
    await other.goto(url);
    return other;
  };

  it('embeds inline on an allowed site, with its own strings, for an identified user', async () => {
    const other = await hostPage(`${shop.url}/account`);
    const panel = other.getByRole('dialog', { name: 'Aide' });
    await panel.getByRole('button', { name: 'Envoyer' }).waitFor();
    expect(await other.getByRole('button', { name: 'Open chat' }).isHidden()).toBe(true);
    await panel.getByRole('textbox', { name: 'Votre message' }).fill('How do I turn on Eco mode?');
    await panel.getByRole('button', { name: 'Envoyer' }).click();
    await panel.locator('.msg.assistant .sources').last().waitFor();
    await panel.getByRole('button', { name: 'Helpful', exact: true }).last().click();
    await panel.getByText('Thanks for your feedback.').waitFor();
    const recent = await server.runtime.support.feedback.recent(10);
    expect(recent[0]).toMatchObject({ rating: 'up', userId: 'cust-42', channel: 'web' });
    // The conversation is kept per signed-in user (the JWT's `sub`), so another person signing in
    // on this browser does not reopen it.
    const keys = (await other.evaluate('Object.keys(localStorage)')) as string[];
    expect(keys.filter((k) => k.startsWith('switchboard-chat:conversation:'))).toEqual([
      `switchboard-chat:conversation:${server.url}:cust-42`,
    ]);
    await other.close();
  });

  it('refuses a site that is not allowed, and says so in the widget', async () => {
    // Same site, other origin: `localhost` is not the allowed `127.0.0.1`. The server refuses the
    // CORS preflight (403), so the browser never lets the page read a session.
    const other = await context.newPage();
    const failed: string[] = [];
    other.on('requestfailed', (request) => failed.push(new URL(request.url()).pathname));
    await other.goto(`${shop.url.replace('127.0.0.1', 'localhost')}/plain`);
    // The visible notice (the live region announces the same words).
    await other
      .getByRole('region', { name: 'Conversation' })
      .getByText('We could not reach support. Please try again.')
      .waitFor();
    // The failure event can arrive after the page has already shown the notice.
    await expect.poll(() => failed).toContain('/api/widget/session');
    await other.close();
  });

  it('ran without page errors or dialogs', () => {
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

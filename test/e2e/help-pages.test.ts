import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startWidgetServer, type WidgetServer } from './fixtures/widget-server.ts';

/** A document of a second source (a JSONL corpus) with no URL of its own. */
const OUTDOOR = {
  id: 'accessories/outdoor-sensor',
  title: 'Outdoor Sensor batteries',
  text: 'The Nimbus Outdoor Sensor runs on two CR123A lithium cells. The CR123A cells last about three years; replace both cells at once when the app shows the low battery badge.',
};

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Help pages for every source, in real Chromium against the real server (runtime, sync worker,
 * embedded index, the bundled sample plus a JSONL source): the demo page with its widget and the
 * help page a citation opens both run under their CSP with no violation.
 */
describe('citations of any source open a working help page (Chromium, real runtime)', () => {
  let dir: string;
  let server: WidgetServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];
  const pageErrors: string[] = [];
  let helpUrl = '';

  const watch = (p: Page) => {
    p.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text()))
        violations.push(`${p.url()}: ${message.text()}`);
    });
    p.on('pageerror', (err) => pageErrors.push(err.message));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-help-e2e-'));
    await writeFile(join(dir, 'accessories.jsonl'), `${JSON.stringify(OUTDOOR)}\n`);
    await writeFile(
      join(dir, 'sources.json'),
      JSON.stringify({
        sources: [{ name: 'accessories', kind: 'jsonl', path: 'accessories.jsonl' }],
      }),
    );
    server = await startWidgetServer({ SWITCHBOARD_SOURCES: join(dir, 'sources.json') });
    // The extra source syncs in the background after start-up.
    await eventually(async () =>
      (await server.runtime.index.getDocumentChunks(OUTDOOR.id)).length > 0 ? true : undefined,
    );
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('Content Security Policy event: ' + e.violatedDirective + ' blocked ' + e.blockedURI));`);
    page = await context.newPage();
    watch(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers from the JSONL document on the demo page and cites it with a /help link', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page
      .getByRole('textbox', { name: 'Your message' })
      .fill('How long do the CR123A cells in the Outdoor Sensor last?');
    await page.keyboard.press('Enter');
    const answer = page.getByRole('dialog').locator('.msg.assistant').last();
    const sources = answer.locator('.sources a');
    await sources.first().waitFor({ timeout: 60_000 });
    const hrefs = await sources.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    helpUrl = hrefs.find((h) => h?.endsWith('/help/accessories/outdoor-sensor')) ?? '';
    expect(hrefs).toContain(`${server.url}/help/accessories/outdoor-sensor`);

    // The demo page, with the widget open and answering, broke none of its policy.
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('serves that link with the document’s text (200), under the help page policy', async () => {
    const res = await fetch(helpUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Outdoor Sensor batteries</h1>');
    expect(html).toContain('The CR123A cells last about three years');

    const help = await context.newPage();
    watch(help);
    await help.goto(helpUrl);
    expect(await help.title()).toContain('Outdoor Sensor batteries');
    expect(await help.locator('main').textContent()).toContain('replace both cells at once');
    // Its one inline style is allowed by hash: the page is laid out, not blocked.
    expect(await help.evaluate('getComputedStyle(document.body).maxWidth')).toBe('760px');
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../support/http-server.ts';
import {
  AXE_PATH,
  launchChromium,
  startWidgetServer,
  type WidgetServer,
} from './fixtures/widget-server.ts';

/** Screenshots to look at after a run (outside the repository). */
const SCREENS = join(tmpdir(), 'switchboard-widget-screens');

const TABLE_QUESTION = 'Which Wi-Fi bands and security modes does the hub support?';
const LONG_QUESTION = 'How do I reconnect the hub to Wi-Fi?';
/** Out of scope: the reply offers a person (`handoff`), which used to add a second button. */
const OFF_TOPIC = 'What is the weather in Paris tomorrow?';
/** The first step of the long answer, complete (fixtures/widget-help-centre). */
const FIRST_STEP =
  'Install the Nimbus app from https://apps.example.com/nimbus on your phone, sign in with your Nimbus account and keep the phone within a few metres of the hub while you work through these steps.';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const box = async (locator: Locator): Promise<Box> => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
};

/** An expression evaluated in the page against the widget's shadow root (`root`). */
const inWidget = (page: Page, body: string) =>
  page.evaluate(
    `(() => { const root = document.querySelector('switchboard-chat').shadowRoot; ${body} })()`,
  );

/**
 * The widget as a product (issue 13, item 1) in real Chromium on the demo page, served by the
 * real server with a small help centre of its own (fixtures/widget-help-centre: a ten-step
 * answer with a bare URL, a table), at a desktop and a phone size.
 */
describe('widget as a product (Chromium, desktop and phone)', () => {
  let server: WidgetServer;
  /** Another site embedding the widget with its own attributes: `/<page>` → `SITE_PAGES[page]`. */
  let site: LocalServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    site = await startLocalServer((request, res) => {
      const embed = SITE_PAGES[request.path.slice(1)] ?? '';
      res.writeHead(embed ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html>${embed.replace('</switchboard-chat>', `</switchboard-chat><script src="${server.url}/widget.js"></script>`)}`,
      );
    });
    server = await startWidgetServer({
      SWITCHBOARD_KNOWLEDGE_PATH: join(import.meta.dirname, 'fixtures/widget-help-centre'),
      WIDGET_ALLOWED_ORIGINS: site.url,
    });
    browser = await launchChromium();
    await mkdir(SCREENS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
  });

  for (const size of [
    { name: 'desktop', width: 1280, height: 800 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    describe(`${size.name} ${size.width}×${size.height}`, () => {
      let page: Page;
      const dialog = () => page.getByRole('dialog', { name: 'Nimbus Home support' });
      const messages = () => page.locator('switchboard-chat .messages');
      const ask = async (question: string): Promise<string> => {
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/widget/chat'));
        await dialog().getByRole('textbox', { name: 'Your message' }).fill(question);
        await page.keyboard.press('Enter');
        const body = await (await answered).text();
        // Finished: the answer's 👍/👎 are there (once the reply is done).
        await expect
          .poll(() => messages().locator('.msg.assistant > .actions').count())
          .toBe(await messages().locator('.msg.user').count());
        return body;
      };

      beforeAll(async () => {
        const context = await browser.newContext({ viewport: size });
        page = await context.newPage();
        page.on('pageerror', (err) => pageErrors.push(err.message));
        await page.goto(server.url);
      });

      it('opens by mouse: the launcher becomes the close button, and no focus ring is drawn', async () => {
        await page.getByRole('button', { name: 'Open chat' }).click();
        const launcher = page.getByRole('button', { name: 'Close chat' });
        expect(await launcher.count()).toBe(1);
        expect(await launcher.getAttribute('class')).toBe('launcher');
        expect(await launcher.getAttribute('aria-expanded')).toBe('true');
        expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
        // Focus is in the text field, for typing, but without a ring: a click is not the keyboard.
        await expect.poll(() => inWidget(page, 'return root.activeElement?.id;')).toBe('sb-input');
        const ring = await inWidget(
          page,
          'const s = getComputedStyle(root.activeElement); return [s.outlineStyle, s.boxShadow];',
        );
        expect(ring).toEqual(['none', 'none']);
        // Suggested first questions (the demo page's `suggestions`), once the history is loaded.
        await dialog().getByRole('group', { name: 'Suggested questions' }).waitFor();
        expect(
          await dialog()
            .getByRole('group', { name: 'Suggested questions' })
            .getByRole('button')
            .count(),
        ).toBe(3);
        await page.screenshot({ path: join(SCREENS, `${size.name}-1-opened.png`) });
      });

      it(
        size.name === 'phone'
          ? 'fills the phone screen, with the close button in the header corner'
          : 'floats above the launcher with equal margins',
        async () => {
          const panel = await box(dialog());
          const launcher = await box(page.getByRole('button', { name: 'Close chat' }));
          const head = await box(dialog().locator('.head'));
          if (size.name === 'phone') {
            expect(panel).toEqual({ x: 0, y: 0, width: size.width, height: size.height });
            // The launcher, as a close button, sits inside the header, at its end.
            expect(launcher.y).toBeGreaterThanOrEqual(head.y);
            expect(launcher.y + launcher.height).toBeLessThanOrEqual(head.y + head.height);
            expect(size.width - (launcher.x + launcher.width)).toBeLessThanOrEqual(16);
            // The safe-area insets are part of the layout (zero in a desktop browser).
            const css = (await inWidget(
              page,
              'return [...root.styleSheets[0].cssRules].map((r) => r.cssText).join("\\n");',
            )) as string;
            for (const side of ['top', 'right', 'bottom', 'left'])
              expect(css).toContain(`env(safe-area-inset-${side})`);
          } else {
            const right = size.width - (panel.x + panel.width);
            expect(right).toBe(size.width - (launcher.x + launcher.width));
            expect(right).toBe(20);
            expect(panel.y + panel.height).toBeLessThan(launcher.y);
          }
        },
      );

      it('renders a Markdown table, rendering each finished line once while it streams', async () => {
        // Every distinct <li>, <p> and <tr> the conversation ever gets, by text: an element drawn
        // again for each delta shows up as many elements with the same text.
        await inWidget(
          page,
          `const drawn = new Map();
           window.__drawn = (text) => drawn.get(text)?.size ?? 0;
           new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes) {
             if (n.nodeType !== 1) continue;
             for (const el of [n, ...n.querySelectorAll('li, p, tr')]) {
               const t = el.textContent; if (!drawn.has(t)) drawn.set(t, new Set()); drawn.get(t).add(el);
             }
           } }).observe(root.querySelector('.messages'), { childList: true, subtree: true });`,
        );
        const body = await ask(TABLE_QUESTION);
        const answer = messages().locator('.msg.assistant').last();
        const table = answer.locator('table');
        expect(await table.locator('thead th').allTextContents()).toEqual([
          'Band or mode',
          'Supported',
          'Notes',
        ]);
        expect(await table.locator('tbody tr').count()).toBe(5);
        expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
          '2.4 GHz band',
          'Yes',
          'Best range through walls',
        ]);
        expect(await answer.textContent()).not.toContain('| ---');
        // Many deltas, yet the first row was drawn once for good (at most once more as the
        // preview of the unfinished last line): not once per delta.
        expect(body.match(/^event: delta$/gm)?.length ?? 0).toBeGreaterThan(10);
        const drawn = (await page.evaluate(
          `window.__drawn('2.4 GHz bandYesBest range through walls')`,
        )) as number;
        expect(drawn).toBeGreaterThanOrEqual(1);
        expect(drawn).toBeLessThanOrEqual(2);
      });

      it('shows the start of a long answer, with its question, and links bare URLs', async () => {
        const body = await ask(LONG_QUESTION);
        const answer = messages().locator('.msg.assistant').last();
        const question = messages().locator('.msg.user').last();
        const list = await box(messages());
        const q = await box(question);
        const a = await box(answer);
        // The question and the answer's first line are in view…
        expect(q.y).toBeGreaterThanOrEqual(list.y);
        expect(q.y + q.height).toBeLessThanOrEqual(list.y + list.height);
        expect(a.y + 60).toBeLessThanOrEqual(list.y + list.height);
        // …although the answer is longer than the view (scrolled to its end, they would not be).
        expect(a.y + a.height).toBeGreaterThan(list.y + list.height);
        await page.screenshot({ path: join(SCREENS, `${size.name}-2-long-answer.png`) });

        // Each step was drawn once for good while ~100 deltas streamed (not once per delta).
        expect(body.match(/^event: delta$/gm)?.length ?? 0).toBeGreaterThan(50);
        const drawn = (await page.evaluate(
          `window.__drawn(${JSON.stringify(FIRST_STEP)})`,
        )) as number;
        expect(drawn).toBeGreaterThanOrEqual(1);
        expect(drawn).toBeLessThanOrEqual(2);

        const link = answer.getByRole('link', { name: 'https://apps.example.com/nimbus' });
        expect(await link.getAttribute('href')).toBe('https://apps.example.com/nimbus');
        expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
        expect(await link.getAttribute('target')).toBe('_blank');
        expect(await answer.locator('.body ol > li').count()).toBe(10);
      });

      it('offers one "Talk to a human", even when an answer suggests a person', async () => {
        const body = await ask(OFF_TOPIC);
        expect(body).toMatch(/"handoff":\{"reason":"out_of_scope"/);
        expect(await dialog().getByRole('button', { name: 'Talk to a human' }).count()).toBe(1);
        expect(
          await inWidget(
            page,
            `return [...root.querySelectorAll('*')].filter((el) => el.childElementCount === 0 && el.textContent === 'Talk to a human').length;`,
          ),
        ).toBe(1);
      });

      it('has touch targets of at least 44 × 44 px and timestamps on messages', async () => {
        await messages()
          .locator('.msg.assistant')
          .nth(1)
          .getByRole('button', { name: 'Not helpful' })
          .click();
        await dialog().getByRole('button', { name: 'Send feedback' }).waitFor();
        const buttons = page.locator('switchboard-chat button:visible');
        expect(await buttons.count()).toBeGreaterThanOrEqual(8);
        for (const button of await buttons.all()) {
          const b = await box(button);
          expect(Math.round(b.width), (await button.textContent()) ?? '').toBeGreaterThanOrEqual(
            44,
          );
          expect(Math.round(b.height)).toBeGreaterThanOrEqual(44);
        }
        const times = messages().locator('time.at');
        expect(await times.count()).toBe(6); // three questions, three answers
        expect(await times.first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(await times.first().textContent()).toMatch(/^\d{1,2}:\d\d/);
        await expect
          .poll(() => dialog().locator('.disclosure').textContent())
          .toBe('AI assistant: answers can contain mistakes.');
      });

      it('passes an axe-core audit with no violations', async () => {
        // Evaluated, not added as a <script>: the demo page's CSP allows no inline script.
        await page.evaluate(await readFile(AXE_PATH, 'utf8'));
        const violations = await page.evaluate(
          `axe.run(document.querySelector('switchboard-chat')).then((r) => r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) })))`,
        );
        expect(violations).toEqual([]);
        await page.screenshot({ path: join(SCREENS, `${size.name}-3-audited.png`) });
      });
    });
  }

  it('draws the focus ring for keyboard users, on the launcher and in the text field', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    await page.goto(server.url);
    const focused = () => inWidget(page, `return root.activeElement?.className ?? '';`);
    for (let i = 0; i < 15 && (await focused()) !== 'launcher'; i++)
      await page.keyboard.press('Tab');
    const ring = () => inWidget(page, 'return getComputedStyle(root.activeElement).outlineStyle;');
    expect(await ring()).toBe('solid');
    await page.keyboard.press('Enter');
    await expect.poll(() => inWidget(page, 'return root.activeElement?.id;')).toBe('sb-input');
    expect(await ring()).toBe('solid');
    expect(await page.getByRole('button', { name: 'Close chat' }).count()).toBe(1);
    await page.screenshot({ path: join(SCREENS, 'keyboard-focus.png') });
    await page.context().close();
  });

  const sitePage = async (name: string, viewport = { width: 1280, height: 800 }) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${site.url}/${name}`);
    return page;
  };

  it('asks "Did this solve it?" when the conversation goes quiet, and keeps the rating after a reload', async () => {
    const page = await sitePage('closing');
    await page.getByRole('button', { name: 'Open chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    // A suggested first question asks itself.
    await dialog.getByRole('button', { name: TABLE_QUESTION }).click();
    const answer = dialog.locator('.msg.assistant').last();
    await answer.locator('.sources').waitFor();
    expect(await dialog.locator('.msg.user').textContent()).toContain(TABLE_QUESTION);
    expect(await dialog.getByRole('group', { name: 'Suggested questions' }).count()).toBe(0);
    // No question yet; a second of quiet (`closing-delay="1"`) later, the answer asks it.
    expect(await answer.getByText('Did this solve it?').count()).toBe(0);
    const closing = answer.getByRole('group', { name: 'Did this solve it?' });
    await closing.waitFor({ timeout: 5_000 });
    expect(await closing.textContent()).toBe('Did this solve it?');
    await closing.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, 'closing-question.png') });
    const recorded = page.waitForResponse((r) => r.url().endsWith('/api/widget/feedback'));
    await closing.getByRole('button', { name: 'Helpful', exact: true }).click();
    expect((await recorded).status()).toBe(200);
    await answer.getByText('Thanks for your feedback.').waitFor();

    // Stored by the existing feedback endpoint, against that answer…
    const stored = JSON.parse(
      (await page.evaluate(
        "Object.entries(localStorage).find(([k]) => k.startsWith('switchboard-chat:conversation:'))?.[1]",
      )) as string,
    ) as { conversationId: string; ratings: Record<string, string> };
    const [messageId, rating] = Object.entries(stored.ratings)[0] ?? [];
    expect(rating).toBe('up');
    const feedback = await server.runtime.support.feedback.recent(20);
    expect(feedback.find((f) => f.messageId === messageId)).toMatchObject({
      conversationId: stored.conversationId,
      rating: 'up',
      channel: 'web',
    });
    // …and in this browser: after a reload the answer is still rated (no second vote offered).
    await page.reload();
    const restored = page.getByRole('dialog', { name: 'Support' }).locator('.msg.assistant').last();
    await restored.locator('.sources').waitFor();
    expect(await restored.locator('.rated').textContent()).toBe('Thanks for your feedback.');
    expect(await restored.getByRole('button', { name: 'Helpful', exact: true }).count()).toBe(0);
    expect(await restored.locator('.rated svg path').getAttribute('transform')).toBeNull(); // 👍
    await page.context().close();
  });

  for (const [lang, expected] of [
    [
      'fr',
      {
        open: 'Ouvrir le chat',
        close: 'Fermer le chat',
        input: 'Votre message',
        human: 'Parler à une personne',
        disclosure: 'Assistant IA : les réponses peuvent contenir des erreurs.',
      },
    ],
    [
      'de',
      {
        open: 'Chat öffnen',
        close: 'Chat schließen',
        input: 'Ihre Nachricht',
        human: 'Mit einem Menschen sprechen',
        disclosure: 'KI-Assistent: Antworten können Fehler enthalten.',
      },
    ],
  ] as const) {
    it(`speaks ${lang === 'fr' ? 'French' : 'German'} with lang="${lang}"`, async () => {
      const page = await sitePage(lang);
      await page.getByRole('button', { name: expected.open }).click();
      await page.getByRole('button', { name: expected.close }).waitFor();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: expected.input }).waitFor();
      expect(await dialog.getByRole('button', { name: expected.human }).count()).toBe(1);
      expect(await dialog.locator('.disclosure').textContent()).toBe(expected.disclosure);
      expect(await page.getByText('Talk to a human').count()).toBe(0);
      await page.context().close();
    });
  }

  it('mirrors on a right-to-left page, and lays out each message by its own words (dir="auto")', async () => {
    const page = await sitePage('rtl');
    const launcher = await box(page.getByRole('button', { name: 'Open chat' }));
    expect(launcher.x).toBe(20); // bottom-left: the inline end of a right-to-left page
    await page.getByRole('button', { name: 'Open chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    expect((await box(dialog)).x).toBe(20);
    await dialog.getByRole('textbox', { name: 'Your message' }).fill(TABLE_QUESTION);
    await page.keyboard.press('Enter');
    const answer = dialog.locator('.msg.assistant').last();
    await answer.locator('.sources').waitFor();
    const direction = (selector: string) =>
      inWidget(
        page,
        `return getComputedStyle(root.querySelector(${JSON.stringify(selector)})).direction;`,
      );
    expect(await direction('.panel')).toBe('rtl');
    expect(await direction('.msg.assistant .body')).toBe('ltr');
    expect(await direction('.msg.user p')).toBe('ltr');
    // The customer's own bubble sits on the inline-end side: the left, here.
    const question = await box(dialog.locator('.msg.user'));
    expect(question.x - (await box(dialog)).x).toBeLessThan(30);
    await page.screenshot({ path: join(SCREENS, 'rtl.png') });
    await page.context().close();
  });

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The other site's pages: the same widget with the attributes each test needs. */
const SITE_PAGES: Record<string, string> = {
  closing: `<html lang="en"><title>Shop</title><switchboard-chat closing-delay="1" suggestions='${JSON.stringify([TABLE_QUESTION])}'></switchboard-chat>`,
  fr: '<html lang="fr"><title>Boutique</title><switchboard-chat lang="fr"></switchboard-chat>',
  de: '<html lang="de"><title>Laden</title><switchboard-chat lang="de"></switchboard-chat>',
  rtl: '<html lang="he" dir="rtl"><title>חנות</title><switchboard-chat></switchboard-chat>',
};

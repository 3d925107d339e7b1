/**
 * Renders the Teams app icons from their SVG sources with Chromium, so the PNGs in
 * packages/botframework/assets/teams/ can be remade after the SVGs change:
 * `npx tsx scripts/render-teams-icons.ts` (needs /usr/bin/chromium).
 * Teams asks for a 192×192 colour icon and a 32×32 white-on-transparent outline icon.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../packages/botframework/assets/teams/', import.meta.url));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (const [name, size] of [
    ['color', 192],
    ['outline', 32],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const svg = await readFile(`${dir}${name}.svg`, 'utf8');
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg}</body></html>`,
    );
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await writeFile(`${dir}${name}.png`, png);
    await page.close();
    process.stdout.write(`${name}.png ${size}×${size}, ${png.length} bytes\n`);
  }
} finally {
  await browser.close();
}

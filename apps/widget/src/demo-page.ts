import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const DEMO_DIR = new URL('../demo/', import.meta.url);

/** The demo product page served at `/`, with the widget embedded by one script tag. */
export const DEMO_PAGE_PATH = fileURLToPath(new URL('index.html', DEMO_DIR));

export function readDemoPage(): Promise<string> {
  return readFile(DEMO_PAGE_PATH, 'utf8');
}

/** The demo's assistant avatar (SVG), served at `/demo/avatar.svg`. */
export function readDemoAvatar(): Promise<string> {
  return readFile(fileURLToPath(new URL('avatar.svg', DEMO_DIR)), 'utf8');
}

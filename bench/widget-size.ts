import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget } from '@switchboard/widget';
import type { BenchResult } from './stats.ts';

const WEBCHAT_DIST = fileURLToPath(
  new URL('../node_modules/botframework-webchat/dist/', import.meta.url),
);

const kb = (bytes: number) => bytes / 1024;

async function gzippedFile(path: string): Promise<number> {
  return gzipSync(await readFile(path), { level: 9 }).length;
}

/** The widget's size budget (issue 4): at most 25 kB gzipped. */
export const WIDGET_TARGET =
  'widget target: ≤ 25 kB gzipped (baseline: botframework-webchat bundles, gzipped the same way).';

/**
 * Gzipped size of our widget bundle (built exactly as the server serves it) next to
 * botframework-webchat's full and minimal bundles, gzipped at the same level in the same run.
 */
export async function widgetSizeResults(): Promise<BenchResult[]> {
  const ours = (await buildWidget()).gzipBytes;
  const results: BenchResult[] = [];
  for (const [name, file] of [
    ['widget_gzip_kb_vs_webchat', 'webchat.js'],
    ['widget_gzip_kb_vs_webchat_minimal', 'webchat-minimal.js'],
  ] as const) {
    const baseline = await gzippedFile(`${WEBCHAT_DIST}${file}`);
    results.push({
      name,
      value: kb(ours),
      unit: 'kB',
      baseline: kb(baseline),
      ratio: ours / baseline,
    });
  }
  return results;
}

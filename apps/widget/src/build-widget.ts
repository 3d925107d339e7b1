import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The browser bundle of the widget, ready to serve. */
export interface WidgetBundle {
  code: string;
  /** Strong ETag (quoted) of `code`. */
  etag: string;
  /** `code` gzipped once, for clients that accept it. */
  gzip: Buffer;
  /** Size in bytes, raw and gzipped. */
  bytes: number;
  gzipBytes: number;
}

const ENTRY = fileURLToPath(new URL('./browser/main.ts', import.meta.url));

/**
 * Bundles `<switchboard-chat>` into one minified script with esbuild, in memory. Browsers
 * with custom elements and Shadow DOM run ES2022 (class private fields) natively.
 */
export async function buildWidget(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  const gzip = gzipSync(code, { level: 9 });
  return {
    code,
    etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`,
    gzip,
    bytes: Buffer.byteLength(code),
    gzipBytes: gzip.length,
  };
}

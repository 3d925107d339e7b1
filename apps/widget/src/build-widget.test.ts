import { describe, expect, it } from 'vitest';
import { buildWidget } from './build-widget.ts';

describe('buildWidget', () => {
  it('bundles one minified script that defines <switchboard-chat>, within 12 kB gzipped', async () => {
    const bundle = await buildWidget();
    expect(bundle.code).toContain('switchboard-chat');
    expect(bundle.code).toMatch(/^("use strict";)?\(\(\)=>\{/); // one IIFE: nothing leaks into the host page's globals
    // Issue 13: at most 12 kB gzipped (kB as `npm run bench` prints it: 1024 bytes).
    expect(bundle.gzipBytes).toBeLessThanOrEqual(12 * 1024);
    expect(bundle.etag).toMatch(/^"[\w-]{27}"$/);
    expect((await buildWidget()).etag).toBe(bundle.etag);
  });

  it('never parses strings as HTML (no innerHTML, outerHTML, insertAdjacentHTML, document.write)', async () => {
    const { code } = await buildWidget();
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});

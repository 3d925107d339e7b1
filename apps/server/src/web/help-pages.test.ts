import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '@switchboard/core';
import { EmbeddedIndex } from '@switchboard/knowledge';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError } from '../errors.ts';
import { securityHeaders } from '../page-security.ts';
import { articlePath, indexArticles } from './articles.ts';
import { helpPages } from './help-pages.ts';

/** Ids no directory would produce but a JSONL corpus or a web source may: each must round-trip. */
const HOSTILE_IDS = [
  '../secret.md',
  'guides/../../etc/passwd',
  '..',
  '.',
  'a//b',
  'trailing/',
  '<script>alert(1)</script>',
  'a%2Fb',
  '%2e%2e',
  'faq/q?x=1#frag',
  'café ü 文档',
  'constructor',
  '__proto__',
  'quote" onload="x',
];

const chunk = (docId: string, position: number, text: string, sectionPath: string[] = []) =>
  ({
    id: `${docId}#${position}`,
    docId,
    title: `Title <b>${docId}</b>`,
    sectionPath,
    text,
    hash: `h${position}`,
    position,
    source: 'faq',
  }) satisfies Chunk;

describe('help pages read from the index (real embedded index, real HTTP)', () => {
  let directory: string;
  let index: EmbeddedIndex;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-help-pages-'));
    index = await EmbeddedIndex.open({ directory });
    await index.upsert([
      chunk('guides/wifi.md', 1, 'Hold reset for ten seconds.\n\n- unplug\n- wait', ['Reset']),
      chunk('guides/wifi.md', 0, 'Connect the hub to <b>2.4 GHz</b> Wi-Fi.', ['Connect']),
      chunk('guides/wifi.md', 2, 'Blinking <img src=x onerror=alert(1)> means pairing.', [
        'Reset',
        'Lights & <sounds>',
      ]),
      ...HOSTILE_IDS.map((id) => chunk(id, 0, `Body of ${id}`)),
    ]);
    app = Fastify();
    app.setErrorHandler(handleError);
    securityHeaders(app);
    await app.register(helpPages, { articles: indexArticles(index), siteName: 'Nimbus & Co' });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await index?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${base}${path}`, { redirect: 'manual' });
  /** The path sent byte for byte, as an attacker would (fetch would resolve dot segments first). */
  const raw = (path: string) =>
    new Promise<{ status: number; type: string; nosniff: string; body: string }>(
      (resolve, reject) => {
        const { hostname, port } = new URL(base);
        const req = request({ hostname, port, path, method: 'GET' }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (piece: string) => {
            body += piece;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type']),
              nosniff: String(res.headers['x-content-type-options']),
              body,
            }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );

  it('renders a document from its chunks, in order, with its sections and everything escaped', async () => {
    const res = await get(articlePath('guides/wifi.md'));
    expect(articlePath('guides/wifi.md')).toBe('/help/guides/wifi.md');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    const main = html.slice(html.indexOf('<main>'));
    expect(main).toBe(
      [
        '<main><h1>Title &lt;b&gt;guides/wifi.md&lt;/b&gt;</h1>',
        '<h2>Connect</h2>',
        '<p>Connect the hub to &lt;b&gt;2.4 GHz&lt;/b&gt; Wi-Fi.</p>',
        '',
        '<h2>Reset</h2>',
        '<p>Hold reset for ten seconds.</p>',
        '<ul>',
        '<li>unplug</li>',
        '<li>wait</li>',
        '</ul>',
        '',
        '<h3>Lights &amp; &lt;sounds&gt;</h3>',
        '<p>Blinking &lt;img src=x onerror=alert(1)&gt; means pairing.</p>',
        '',
        '</main></body></html>',
      ].join('\n'),
    );
    expect(html).toContain(
      '<title>Title &lt;b&gt;guides/wifi.md&lt;/b&gt; — Nimbus &amp; Co</title>',
    );
  });

  it('links every id, however odd, to a page that finds it again through a real URL parser', async () => {
    for (const id of HOSTILE_IDS) {
      const path = articlePath(id);
      // What a browser would request after resolving the link (dot segments, fragments...).
      const resolved = new URL(path, base);
      expect(resolved.pathname.startsWith('/help'), id).toBe(true);
      const res = await get(`${resolved.pathname}${resolved.search}`);
      expect(res.status, `${id} → ${path}`).toBe(200);
      const html = await res.text();
      expect(html, id).not.toContain('<script>');
      expect(html, id).not.toContain('<b>');
      expect(html, id).not.toContain('onload="');
    }
  });

  it('answers unknown and traversal-looking ids with a JSON 404, never a file', async () => {
    for (const path of [
      '/help/nope.md',
      '/help/..%2F..%2Fpackage.json',
      '/help/%2e%2e/%2e%2e/package.json',
      '/help/guides%2Fwifi.md%00',
      '/help/%3Cscript%3Ealert(1)%3C%2Fscript%3E.md',
      '/help/hasOwnProperty',
      '/help/',
      '/help',
      '/help?doc=',
      `/help/${'x'.repeat(3000)}`,
    ]) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.type, path).toMatch(/^application\/json/);
      expect(res.nosniff, path).toBe('nosniff');
      const body = JSON.parse(res.body) as { error: { code: string; message: string } };
      expect(body.error.code, path).toBe('NOT_FOUND');
      expect(body.error.message, path).not.toContain('<');
    }
    // A malformed query is a typed 400, not a crash.
    expect((await raw('/help?doc=a&doc=b')).status).toBe(400);
  });
});

import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalServer,
  type RecordedRequest,
  startLocalServer,
} from '../../../../../test/support/http-server.ts';
import { WebConnector, type WebConnectorOptions } from './web-connector.ts';

const html = (title: string, links: string[] = []) =>
  `<html><head><title>${title}</title></head><body>${links
    .map((href) => `<a href="${href}">${href}</a>`)
    .join(' ')}</body></html>`;

function site(origin: () => string) {
  const pages: Record<string, { type: string; body: string; etag?: string }> = {
    '/a': { type: 'text/html; charset=utf-8', body: html('Page A'), etag: '"a-v1"' },
    '/b': { type: 'text/html', body: html('Page B') },
    '/notes.txt': { type: 'text/plain', body: 'Plain notes\nmore' },
    '/file.pdf': { type: 'application/pdf', body: '%PDF-1.4' },
    '/private/secret': { type: 'text/html', body: html('Secret') },
    '/start': {
      type: 'text/html',
      body: html('Start', ['/c1#top', 'https://elsewhere.invalid/x', '/private/p', '/missing']),
    },
    '/c1': { type: 'text/html', body: html('C1', ['/c2', '/start', '/notes.txt', '/file.pdf']) },
    '/c2': { type: 'text/html', body: html('C2', ['/c3']) },
    '/c3': { type: 'text/html', body: html('C3') },
  };
  return async (req: RecordedRequest, res: ServerResponse) => {
    const path = req.path.split('?')[0] ?? '/';
    const send = (status: number, type: string, body: string, headers = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    if (path === '/robots.txt')
      return send(200, 'text/plain', 'User-agent: *\nDisallow: /private\n');
    if (path === '/sitemap.xml') {
      const urls = [
        `<url><loc>${origin()}/a</loc><lastmod>2026-01-01</lastmod></url>`,
        `<url><loc>${origin()}/b#section</loc></url>`,
        `<url><loc>${origin()}/private/secret</loc></url>`,
        '<url><loc>https://elsewhere.invalid/page</loc></url>',
      ];
      return send(200, 'application/xml', `<?xml version="1.0"?><urlset>${urls.join('')}</urlset>`);
    }
    if (path === '/sitemap-index.xml') {
      const maps = ['/sitemap-1.xml', '/sitemap-2.xml'].map(
        (p) => `<sitemap><loc>${origin()}${p}</loc></sitemap>`,
      );
      return send(200, 'text/xml', `<sitemapindex>${maps.join('')}</sitemapindex>`);
    }
    if (path === '/sitemap-1.xml' || path === '/sitemap-2.xml') {
      const page = path === '/sitemap-1.xml' ? '/a' : '/notes.txt';
      return send(200, 'text/xml', `<urlset><url><loc>${origin()}${page}</loc></url></urlset>`);
    }
    if (path === '/flaky') return send(503, 'text/plain', 'down');
    if (path === '/busy') return send(429, 'text/plain', 'slow down', { 'retry-after': '2' });
    if (path === '/gone') return send(410, 'text/plain', 'gone');
    if (path === '/locked') return send(403, 'text/plain', 'no');
    if (path === '/big') return send(200, 'text/html', 'x'.repeat(5000));
    if (path === '/slow') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return send(200, 'text/html', html('Slow'));
    }
    const page = pages[path];
    if (!page) return send(404, 'text/plain', 'not found');
    if (page.etag && req.headers['if-none-match'] === page.etag) {
      res.writeHead(304, { etag: page.etag });
      res.end();
      return;
    }
    send(200, page.type, page.body, page.etag ? { etag: page.etag } : {});
  };
}

describe('WebConnector', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer(site(() => server.url));
  });
  afterAll(async () => {
    await server.close();
  });

  const connector = (options: Partial<WebConnectorOptions> = {}) =>
    new WebConnector({ startUrls: [`${server.url}/start`], source: 'site', ...options });
  const requested = (from: number) => server.requests.slice(from).map((r) => r.path);

  it('lists same-origin, robots-allowed sitemap URLs with lastmod fingerprints', async () => {
    const before = server.requests.length;
    const web = connector({ sitemapUrl: `${server.url}/sitemap.xml`, now: () => 0 });

    const refs = await web.list();

    expect(refs).toEqual([
      { id: `${server.url}/a`, url: `${server.url}/a`, fingerprint: 'lastmod:2026-01-01' },
      {
        id: `${server.url}/b`,
        url: `${server.url}/b`,
        fingerprint: 'unknown-lastmod:1970-01-01T00:00:00.000Z',
      },
    ]);
    expect(requested(before)).toEqual(['/sitemap.xml', '/robots.txt']);
  });

  it('follows a sitemap index one level', async () => {
    const refs = await connector({ sitemapUrl: `${server.url}/sitemap-index.xml` }).list();
    expect(refs.map((r) => r.id)).toEqual([`${server.url}/a`, `${server.url}/notes.txt`]);
  });

  it('fetches with validators, then gets not-modified on a conditional GET', async () => {
    const web = connector();
    const ref = { id: `${server.url}/a#intro`, fingerprint: 'lastmod:2026-01-01' };

    const first = await web.fetch(ref);
    expect(first).toMatchObject({
      status: 'fetched',
      fingerprint: 'etag:"a-v1"',
      validators: { etag: '"a-v1"' },
      document: { id: `${server.url}/a`, url: `${server.url}/a`, title: 'Page A', format: 'html' },
    });
    const validators = first.status === 'fetched' ? first.validators : undefined;
    const before = server.requests.length;

    const second = await web.fetch(ref, { ...(validators && { validators }) });

    expect(second).toEqual({ status: 'not-modified' });
    const last = server.requests.at(-1);
    expect(server.requests.length).toBe(before + 1);
    expect(last?.headers['if-none-match']).toBe('"a-v1"');
  });

  it('accepts text/plain and refuses other types as unsupported_type', async () => {
    const web = connector();
    expect(await web.fetch({ id: `${server.url}/notes.txt`, fingerprint: '' })).toMatchObject({
      document: { title: 'Plain notes', format: 'text', source: 'site' },
    });
    await expect(
      web.fetch({ id: `${server.url}/file.pdf`, fingerprint: '' }),
    ).rejects.toMatchObject({ kind: 'permanent', reason: 'unsupported_type' });
  });

  it('never requests a robots-disallowed page', async () => {
    const before = server.requests.length;
    const web = connector();
    await expect(
      web.fetch({ id: `${server.url}/private/secret`, fingerprint: '' }),
    ).rejects.toMatchObject({ reason: 'robots_disallowed' });
    expect(requested(before)).toEqual(['/robots.txt']);
  });

  it('maps HTTP failures to permanent and transient errors', async () => {
    const web = connector();
    const get = (path: string) => web.fetch({ id: `${server.url}${path}`, fingerprint: '' });
    await expect(get('/missing')).rejects.toMatchObject({ reason: 'not_found' });
    await expect(get('/gone')).rejects.toMatchObject({ reason: 'gone' });
    await expect(get('/locked')).rejects.toMatchObject({ reason: 'forbidden' });
    await expect(get('/flaky')).rejects.toMatchObject({
      kind: 'transient',
      code: 'PROVIDER_FAILED',
    });
    await expect(get('/busy')).rejects.toMatchObject({ kind: 'transient', retryAfterMs: 2000 });
    await expect(
      connector({ maxBytes: 1000 }).fetch({ id: `${server.url}/big`, fingerprint: '' }),
    ).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('turns a slow page into a transient timeout', async () => {
    const web = connector({ timeoutMs: 100 });
    await expect(web.fetch({ id: `${server.url}/slow`, fingerprint: '' })).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/timed out/),
    });
  });

  it('crawls from startUrls within depth, same origin, HTML and text only', async () => {
    const seen: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };

    const refs = await connector({ maxDepth: 2, fetch: recordingFetch }).list();

    expect(refs.map((r) => r.id.replace(server.url, ''))).toEqual([
      '/start',
      '/c1',
      '/c2',
      '/notes.txt',
    ]);
    expect(refs[0]?.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const paths = seen.map((u) => u.replace(server.url, ''));
    expect(paths).not.toContain('/c3'); // depth 3
    expect(paths).not.toContain('/private/p'); // robots
    expect(paths.some((p) => p.includes('elsewhere.invalid'))).toBe(false);
    expect(paths.filter((p) => p === '/robots.txt')).toHaveLength(1);
  });

  it('stops crawling at maxPages', async () => {
    const refs = await connector({ maxPages: 2 }).list();
    expect(refs.map((r) => r.id.replace(server.url, ''))).toEqual(['/start', '/c1']);
  });
});

import { randomUUID } from 'node:crypto';
import { buildWidget, readDemoPage } from '@switchboard/widget';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminParts } from '../../../test/support/admin-parts.ts';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { type AppOptions, buildApp } from './app.ts';
import { contentSecurityPolicy, cspHash, inlineStyles, securityHeaders } from './page-security.ts';
import { indexArticles } from './web/articles.ts';
import type { WebOptions } from './web/web-options.ts';

const TOKEN = 'page-security-admin-token';

/** Every HTML page the server serves, as a browser would ask for it. */
const PAGES = [
  { name: 'demo page', url: '/' },
  { name: 'help page', url: '/help/guides/wifi.md' },
  { name: 'help page (query form)', url: '/help?doc=..' },
  { name: 'admin page', url: '/admin' },
  { name: 'bull-board', url: '/admin/queues', auth: true },
  { name: 'bull-board (a queue)', url: '/admin/queues/queue/x', auth: true },
];

const directives = (csp: string) =>
  new Map(
    csp.split(/;\s*/).map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

describe('security headers on every HTML page (real demo page, widget bundle and bull-board)', () => {
  const testRedis = useTestRedis();
  let app: FastifyInstance;
  let queue: ReturnType<typeof adminParts>['queue'] | undefined;

  beforeAll(async () => {
    const parts = adminParts(testRedis.redis, testRedis.prefix, `sync-${randomUUID()}`);
    queue = parts.queue;
    const bundle = await buildWidget();
    const chunk = (docId: string) => ({
      id: `${docId}#0`,
      docId,
      title: 'Wi-Fi <setup>',
      sectionPath: ['Connect'],
      text: 'Use 2.4 GHz.',
      hash: 'h',
      position: 0,
    });
    // Only the page routes are exercised: the chat parts are never called.
    const web = {
      assistant: {} as WebOptions['assistant'],
      memory: {} as WebOptions['memory'],
      feedback: {} as WebOptions['feedback'],
      handoff: {} as WebOptions['handoff'],
      limiter: {} as WebOptions['limiter'],
      owners: {} as WebOptions['owners'],
      sessionSecret: 's'.repeat(40),
      sessionTtlSeconds: 600,
      allowedOrigins: ['https://shop.example'],
      rateLimits: { perSessionPerMinute: 10, perIpPerMinute: 10 },
      maxMessageChars: 100,
      widget: async () => bundle,
      demoPage: readDemoPage,
      articles: indexArticles({
        getDocumentChunks: async (id) =>
          id === 'guides/wifi.md' || id === '..' ? [chunk(id)] : [],
      }),
    } satisfies Partial<WebOptions> as WebOptions;
    app = await buildApp({
      assistant: {} as AppOptions['assistant'],
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 100,
      web,
      admin: { token: TOKEN, ...parts },
    });
  });
  afterAll(async () => {
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it.each(PAGES)('$name: strict CSP, no framing, nosniff, referrer policy', async (page) => {
    const res = await app.inject({
      method: 'GET',
      url: page.url,
      headers: page.auth ? { authorization: `Bearer ${TOKEN}` } : {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy'] ?? '');
    const policy = directives(csp);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src') ?? policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.has('base-uri')).toBe(true);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
    for (const source of policy.get('script-src') ?? []) expect(source).toBe("'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toMatch(/^(same-origin|no-referrer)$/);

    // What the page itself carries inline must be exactly what the policy allows.
    const html = res.body;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>/i);
    const styleSources = policy.get('style-src-elem') ?? policy.get('style-src') ?? [];
    for (const style of inlineStyles(html)) expect(styleSources).toContain(cspHash(style));
  });

  it('lets the demo page run the real widget: its script from here, its shadow-root style by hash', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    const policy = directives(String(res.headers['content-security-policy']));
    expect(res.body).toContain('<script src="/widget.js"');
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    const widget = await app.inject({ method: 'GET', url: '/widget.js' });
    // The bundle carries the style text the hash was taken from.
    const { STYLES } = await import('../../widget/src/browser/styles.ts');
    expect(widget.body).toContain(STYLES.trim().slice(0, 60));
    expect(policy.get('style-src')).toContain(cspHash(STYLES));
  });

  it('serves /widget.js as JavaScript that browsers will not sniff, and nosniff on JSON too', async () => {
    const widget = await app.inject({ method: 'GET', url: '/widget.js' });
    expect(widget.statusCode).toBe(200);
    expect(widget.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(widget.headers['x-content-type-options']).toBe('nosniff');
    const missing = await app.inject({ method: 'GET', url: '/help/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    expect(missing.headers['content-security-policy']).toBeUndefined();
  });
});

describe('securityHeaders', () => {
  it('locks down an HTML page whose route set no policy', async () => {
    const app = Fastify();
    securityHeaders(app);
    app.get('/new-page', async (_request, reply) => reply.type('text/html').send('<p>hi</p>'));
    const res = await app.inject({ method: 'GET', url: '/new-page' });
    expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
    await app.close();
  });

  it('derives X-Frame-Options from frame-ancestors, and drops it where it cannot express the policy', async () => {
    const app = Fastify();
    securityHeaders(app);
    const { setPageHeaders } = await import('./page-security.ts');
    app.get('/self', async (_request, reply) =>
      setPageHeaders(reply, {
        csp: contentSecurityPolicy({ 'frame-ancestors': ["'self'"] }),
      })
        .type('text/html')
        .send('x'),
    );
    app.get('/shop', async (_request, reply) =>
      setPageHeaders(reply, {
        csp: contentSecurityPolicy({ 'frame-ancestors': ['https://shop.example'] }),
      })
        .type('text/html')
        .send('x'),
    );
    expect((await app.inject({ url: '/self' })).headers['x-frame-options']).toBe('SAMEORIGIN');
    expect((await app.inject({ url: '/shop' })).headers['x-frame-options']).toBeUndefined();
    await app.close();
  });
});

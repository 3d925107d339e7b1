import { WIDGET_STYLE_HASH } from '@switchboard/widget';
import type { FastifyInstance } from 'fastify';
import {
  contentSecurityPolicy,
  cspHash,
  inlineStyles,
  type PagePolicy,
  setPageHeaders,
} from '../page-security.ts';
import { helpPages } from './help-pages.ts';
import { policyPages } from './policy-pages.ts';
import type { WebOptions } from './web-options.ts';
import { widgetApi } from './widget-api.ts';

/**
 * The web channel: the widget script, the demo page, help pages for citations, and the widget
 * API under /api/widget (in its own context, so its origin and rate-limit hooks guard it alone).
 */
export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  await app.register(widgetApi, { ...options, prefix: '/api/widget' });

  app.get('/widget.js', async (request, reply) => {
    const bundle = await options.widget();
    void reply
      .header('etag', bundle.etag)
      // Short cache with revalidation: embedding pages pick up a new version within minutes.
      .header('cache-control', 'public, max-age=300, must-revalidate')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === bundle.etag) return reply.status(304).send();
    void reply.type('text/javascript; charset=utf-8').header('vary', 'Accept-Encoding');
    // Gzipped once at build time; most embeds fetch it compressed.
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? ''))
      return reply.header('content-encoding', 'gzip').send(bundle.gzip);
    return reply.send(bundle.code);
  });

  const demoPage = options.demoPage;
  if (demoPage) {
    app.get('/', async (_request, reply) => {
      const html = await demoPage();
      return setPageHeaders(reply, demoPagePolicy(html))
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(html);
    });
  }
  const demoAvatar = options.demoAvatar;
  if (demoAvatar) {
    app.get('/demo/avatar.svg', async (_request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=3600')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(await demoAvatar()),
    );
  }

  const articles = options.articles;
  if (articles) await app.register(helpPages, { articles, siteName: options.siteName });
  if (options.retentionDays !== undefined)
    await app.register(policyPages, {
      siteName: options.siteName ?? 'Support',
      retentionDays: options.retentionDays,
      contact: options.contact,
    });
}

/**
 * The demo page runs only our widget script, calls only this origin, and its inline styles (its
 * own, from our file, and the widget's shadow-root sheet) are allowed by hash.
 */
function demoPagePolicy(html: string): PagePolicy {
  return {
    csp: contentSecurityPolicy({
      'script-src': ["'self'"],
      'style-src': [...inlineStyles(html).map(cspHash), WIDGET_STYLE_HASH],
      'img-src': ["'self'"],
      'connect-src': ["'self'"],
    }),
  };
}

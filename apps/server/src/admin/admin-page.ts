import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentSecurityPolicy, type PagePolicy, setPageHeaders } from '../page-security.ts';

/** A static file of the page, ready to serve. */
interface Asset {
  body: string;
  /** Strong ETag (quoted) of `body`. */
  etag: string;
}

const pageFile = (name: string) => fileURLToPath(new URL(`./page/${name}`, import.meta.url));

const asAsset = (body: string): Asset => ({
  body,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
});

/** The browser script, bundled from `page/main.ts` in memory (no build step on disk). */
async function bundleScript(): Promise<Asset> {
  const result = await build({
    entryPoints: [pageFile('main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return asAsset(result.outputFiles[0]?.text ?? '');
}

/**
 * Built once per process, on first request rather than at start-up: the page is rarely opened,
 * and tests that build many apps never pay for the bundle. A failed build is retried next time.
 */
function memoize(load: () => Promise<Asset>): () => Promise<Asset> {
  let pending: Promise<Asset> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

const script = memoize(bundleScript);
const styles = memoize(async () => asAsset(await readFile(pageFile('admin.css'), 'utf8')));

/** URL paths of the page and its assets (absolute: the API, bull-board and the page share /admin). */
export const ADMIN_PAGE_PATHS = {
  page: '/admin',
  script: '/admin/assets/admin.js',
  styles: '/admin/assets/admin.css',
} as const;

/**
 * Only our own script and styles, calls to this origin only, no framing. There is no inline
 * script or style anywhere, so nothing needs `'unsafe-inline'`.
 */
export const ADMIN_PAGE_POLICY: PagePolicy = {
  csp: contentSecurityPolicy({
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'connect-src': ["'self'"],
    'img-src': ["'self'"],
    'form-action': ["'self'"],
  }),
  referrer: 'no-referrer',
};
export const ADMIN_PAGE_CSP = ADMIN_PAGE_POLICY.csp;

/**
 * The page shell: no data and no secret, so it loads without a session; the script asks the API
 * (which needs the session) for everything. The form posts to the session route, so even with
 * the script blocked a typed token never lands in the URL.
 */
const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Switchboard admin</title>
<link rel="stylesheet" href="${ADMIN_PAGE_PATHS.styles}">
<script src="${ADMIN_PAGE_PATHS.script}" defer></script>
</head>
<body>
<header class="top">
<h1>Switchboard admin</h1>
<nav aria-label="Admin">
<a href="/admin/queues">Queue dashboard (bull-board)</a>
<button type="button" id="logout" hidden>Log out</button>
</nav>
</header>
<main>
<p id="alert" role="alert" class="alert"></p>
<section id="login" aria-labelledby="login-title" hidden>
<h2 id="login-title">Log in</h2>
<form id="login-form" method="post" action="/admin/api/session">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
<p class="hint">The token is exchanged for a 12-hour session cookie; it is not stored by this page.</p>
</section>
<div id="app" hidden>
<p id="run-status" role="status" aria-live="polite" class="run-status"></p>
<section id="sources" aria-labelledby="sources-title"><h2 id="sources-title">Sources</h2><div class="body"></div></section>
<section id="feedback" aria-labelledby="feedback-title"><h2 id="feedback-title">Recent feedback</h2><div class="body"></div></section>
<section id="gaps" aria-labelledby="gaps-title"><h2 id="gaps-title">Docs gaps: questions the assistant could not answer</h2><div class="body"></div></section>
</div>
<noscript><p>The admin page needs JavaScript.</p></noscript>
</main>
</body>
</html>
`;

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset, type: string) {
  void reply
    .header('etag', asset.etag)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
  return reply.type(type).send(asset.body);
}

/**
 * The admin page at `/admin`: the HTML shell and its bundled script and styles. None of it needs
 * the session (it holds no data); every call the script makes goes to the guarded admin API.
 */
export async function adminPagePlugin(app: FastifyInstance): Promise<void> {
  app.get(ADMIN_PAGE_PATHS.page, async (_request, reply) =>
    setPageHeaders(reply, ADMIN_PAGE_POLICY)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(SHELL),
  );
  app.get(`${ADMIN_PAGE_PATHS.page}/`, async (_request, reply) =>
    reply.redirect(ADMIN_PAGE_PATHS.page),
  );
  app.get(ADMIN_PAGE_PATHS.script, async (request, reply) =>
    sendAsset(request, reply, await script(), 'text/javascript; charset=utf-8'),
  );
  app.get(ADMIN_PAGE_PATHS.styles, async (request, reply) =>
    sendAsset(request, reply, await styles(), 'text/css; charset=utf-8'),
  );
}

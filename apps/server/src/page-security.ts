import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Sources per Content-Security-Policy directive; a page lists only what it loads. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * What every page starts from: nothing may load, no `<base>`, no form target, no framing. A page
 * widens only the directives it needs, so a forgotten directive fails closed.
 */
const BASELINE: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The serialised policy: the baseline with `directives` replacing whole directives. */
export function contentSecurityPolicy(directives: CspDirectives = {}): string {
  return Object.entries({ ...BASELINE, ...directives })
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** A CSP source allowing exactly this inline `<style>` or `<script>` body (or style attribute). */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** The bodies of the inline `<style>` elements of trusted HTML (our own files, never documents). */
export function inlineStyles(html: string): string[] {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((m) => m[1] ?? '');
}

/** How one HTML page may be framed, referred from and what it may load. */
export interface PagePolicy {
  /** From `contentSecurityPolicy`. */
  csp: string;
  /**
   * `same-origin` keeps the full referrer (and the `Origin` header our own origin checks read)
   * on same-origin requests and sends nothing to other sites.
   * @defaultValue 'same-origin'
   */
  referrer?: 'same-origin' | 'no-referrer';
}

/** The policy an HTML response gets when its route set none. */
export const STRICT_PAGE: PagePolicy = { csp: contentSecurityPolicy() };

/**
 * `X-Frame-Options` for browsers without `frame-ancestors`: DENY or SAMEORIGIN when the policy
 * says `'none'` or `'self'`; other origins cannot be expressed, so no header (CSP rules there).
 */
function frameOptions(csp: string): string | undefined {
  const ancestors = /(?:^|;\s*)frame-ancestors\s+([^;]*)/.exec(csp)?.[1]?.trim();
  if (ancestors === undefined || ancestors === "'none'") return 'DENY';
  if (ancestors === "'self'") return 'SAMEORIGIN';
  return undefined;
}

/** Sets the headers of an HTML page on `reply`. */
export function setPageHeaders(reply: FastifyReply, policy: PagePolicy): FastifyReply {
  void reply
    .header('content-security-policy', policy.csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', policy.referrer ?? 'same-origin');
  const frames = frameOptions(policy.csp);
  if (frames) void reply.header('x-frame-options', frames);
  else void reply.removeHeader('x-frame-options');
  return reply;
}

const isHtml = (reply: FastifyReply) =>
  /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''));

/**
 * An `onSend` hook giving every HTML response of its context `policy` (routes we do not write,
 * such as bull-board's page, included). Register it in the context of those routes.
 */
export function pagePolicyHook(policy: PagePolicy) {
  return async (_request: unknown, reply: FastifyReply, payload: unknown) => {
    if (isHtml(reply)) setPageHeaders(reply, policy);
    return payload;
  };
}

/**
 * The root hook, registered before every route: `nosniff` on every response (scripts, JSON,
 * errors), and any HTML response whose route set no policy gets the strictest one, so a page
 * added later is locked down until it says what it needs.
 */
export function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    if (isHtml(reply) && !reply.hasHeader('content-security-policy'))
      setPageHeaders(reply, STRICT_PAGE);
    return payload;
  });
}

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  contentSecurityPolicy,
  cspHash,
  inlineStyles,
  type PagePolicy,
  setPageHeaders,
} from '../page-security.ts';

/** The inline styles bull-board's page uses, read from the UI package it serves. */
export interface BullBoardStyles {
  /** Bodies of `<style>` elements: the template's loading placeholder, and the ones its React code renders. */
  elements: string[];
  /** Values of `style="…"` attributes in the template. */
  attributes: string[];
}

/** bull-board's UI directory, resolved the way `createBullBoard` resolves it. */
function bullBoardUiDir(): string {
  const api = createRequire(import.meta.url).resolve('@bull-board/api');
  return dirname(createRequire(api).resolve('@bull-board/ui/package.json'));
}

/**
 * `<style>` children in the UI's compiled React code (`jsx("style",{children:`…`})`, the Redis
 * logo's SVG has one). Only literal text is taken; anything with escapes or substitutions is
 * skipped, and then the browser test reports the violation instead of us guessing a hash.
 */
function renderedStyles(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\("style",\{children:(`[^`\\$]*`|"[^"\\]*")\}/g))
    found.push((m[1] ?? '').slice(1, -1));
  return found;
}

function readBullBoardStyles(ui = bullBoardUiDir()): BullBoardStyles {
  const template = readFileSync(join(ui, 'dist', 'index.ejs'), 'utf8');
  const scripts = join(ui, 'dist', 'static', 'js');
  const code = readdirSync(scripts, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(scripts, name), 'utf8'));
  return {
    elements: [...inlineStyles(template), ...code.flatMap(renderedStyles)],
    attributes: [...template.matchAll(/\sstyle="([^"]*)"/gi)].map((m) => m[1] ?? ''),
  };
}

let cached: BullBoardStyles | undefined;
/** Read once per process: the installed package does not change while it runs. */
const installedStyles = () => {
  cached ??= readBullBoardStyles();
  return cached;
};

/**
 * The tightest policy under which bull-board renders and works: scripts, styles, images, fonts,
 * workers and API calls from this origin only; its few inline styles allowed by hash, taken from
 * the installed UI package (an upgrade can change them, never widen the policy by itself);
 * `<base href>` to itself, since the page resolves every asset against it. No `'unsafe-inline'`
 * and no `'unsafe-eval'`. Its Google Fonts stylesheet is removed from the page rather than
 * allowed: an admin page should not tell a third party who opens it (the system font is fine).
 */
export function bullBoardPolicy(styles: BullBoardStyles = installedStyles()): PagePolicy {
  const elements = [...new Set(styles.elements)].map(cspHash);
  const attributes = [...new Set(styles.attributes)].map(cspHash);
  return {
    csp: contentSecurityPolicy({
      'script-src': ["'self'"],
      // Browsers without the -elem/-attr directives fall back to this one.
      'style-src': ["'self'", ...elements],
      'style-src-elem': ["'self'", ...elements],
      'style-src-attr': attributes.length ? ["'unsafe-hashes'", ...attributes] : ["'none'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'worker-src': ["'self'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
    }),
  };
}

/** bull-board's page without its Google Fonts `<link>` (the only third-party request it makes). */
export function withoutThirdPartyFonts(html: string): string {
  return html.replace(/<link\b[^>]*href="https:\/\/fonts\.googleapis\.com\/[^"]*"[^>]*>\s*/gi, '');
}

/**
 * An `onSend` hook for bull-board's context: its HTML page gets `policy` and loses the fonts
 * link; its scripts, styles and JSON pass untouched.
 */
export function bullBoardPageHook(policy: PagePolicy = bullBoardPolicy()) {
  return async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!/^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    setPageHeaders(reply, policy);
    return typeof payload === 'string' ? withoutThirdPartyFonts(payload) : payload;
  };
}

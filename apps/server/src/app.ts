import type { Assistant } from '@switchboard/assistant';
import type { Tracer } from '@switchboard/core';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
} from 'fastify';
import { adminPagePlugin } from './admin/admin-page.ts';
import { type AdminOptions, adminPlugin } from './admin/admin-plugin.ts';
import { sessionRoutes } from './admin/session-routes.ts';
import { type BotFrameworkRouteOptions, botFrameworkRoute } from './botframework/messages-route.ts';
import { type ChatAccess, chatRoute } from './chat-route.ts';
import { type ChatwootRouteOptions, chatwootRoute } from './chatwoot-route.ts';
import { handleError } from './errors.ts';
import { type HandoffRepliesOptions, handoffRepliesRoute } from './handoff-replies-route.ts';
import { type MetricsRouteOptions, metricsRoute } from './metrics-route.ts';
import { securityHeaders } from './page-security.ts';
import { type HttpMetrics, observeRequests } from './request-observer.ts';
import { type SlackRouteOptions, slackPlugin } from './slack/slack-plugin.ts';
import type { WebOptions } from './web/web-options.ts';
import { webPlugin } from './web/web-plugin.ts';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'not_ready';
  checks: Record<string, unknown>;
}

export interface AppOptions {
  assistant: Pick<Assistant, 'stream' | 'reply'>;
  /** Liveness at `GET /healthz`: cheap, in-memory; anything but `ok` answers 503. */
  health: () => HealthReport | Promise<HealthReport>;
  /**
   * Readiness at `GET /readyz` (Redis, index, start-up sync, router); anything but `ok` answers
   * 503 with the checks. @defaultValue `health`
   */
  readiness?: () => Promise<HealthReport>;
  maxMessageChars: number;
  logger?: FastifyServerOptions['logger'];
  /**
   * The process's own logger (the observability package's pino instance): request lines in the
   * same JSON as every other line. Takes precedence over `logger`.
   */
  loggerInstance?: FastifyBaseLogger;
  /**
   * `GET /metrics` (Prometheus; a bearer token or loopback only) and the request latency by
   * route and channel; left out, neither exists.
   */
  metrics?: MetricsRouteOptions & HttpMetrics;
  /** Every request becomes the root span of its trace. @defaultValue not traced */
  tracer?: Tracer;
  /**
   * How long a client may take (ms): to send a whole request, its headers, and how long an idle
   * keep-alive connection stays open. Streamed answers are not cut by `requestMs` (Node counts
   * only the time to receive the request).
   * @defaultValue DEFAULT_TIMEOUTS
   */
  timeouts?: ServerTimeouts;
  /** Who may call `POST /api/chat` (API keys, per-key limits); left out, it refuses everyone. */
  api?: ChatAccess;
  /**
   * Proxies whose `X-Forwarded-For` names the client (`TRUST_PROXY`): their IPs or CIDRs.
   * Rate limits and the admin throttle key on `request.ip`, which this decides.
   * @defaultValue false (the socket address is the client)
   */
  trustProxy?: false | readonly string[];
  /**
   * The sync admin API under `/admin/api`, its browser login at `/admin/api/session`, the admin
   * page at `/admin` and bull-board at `/admin/queues`; left out, those routes do not exist.
   */
  admin?: AdminOptions;
  /** The Bot Framework channel at `POST /api/messages` (Teams, Web Chat, Emulator); left out, off. */
  botframework?: BotFrameworkRouteOptions['channel'];
  /** The Slack channel (HTTP mode) at `POST /slack/events`; left out, that route does not exist. */
  slack?: SlackRouteOptions['channel'];
  /** The web widget: `/widget.js`, the demo page at `/`, `/api/widget/*`; left out, off. */
  web?: WebOptions;
  /** Signed agent replies from handoff targets at `POST /api/handoff/replies`; left out, off. */
  handoffReplies?: HandoffRepliesOptions;
  /** Chatwoot's webhook (agents' replies, resolved conversations) at `POST /api/handoff/chatwoot/<token>`; left out, off. */
  chatwoot?: ChatwootRouteOptions;
}

export interface ServerTimeouts {
  requestMs: number;
  headersMs: number;
  keepAliveMs: number;
}

/** The same defaults as HTTP_REQUEST_TIMEOUT_MS, HTTP_HEADERS_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  requestMs: 30_000,
  headersMs: 10_000,
  keepAliveMs: 72_000,
};

/**
 * Node enforces the request and header timeouts from a periodic sweep (every 30 s by default),
 * so a slow client could outlive its limit by that much; sweep at a fraction of the limit.
 */
function sweepIntervalMs(timeouts: ServerTimeouts): number {
  return Math.max(100, Math.min(1_000, Math.floor(timeouts.headersMs / 4)));
}

/** Builds the HTTP app without listening, so tests can `inject()` requests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? false }),
    // Fastify's default (0) turns Node's request and header timeouts off: slow clients would
    // hold their sockets forever.
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      connectionsCheckingInterval: sweepIntervalMs(timeouts),
    },
    // Room for the longest message plus JSON overhead; larger bodies are refused with 413.
    bodyLimit: Math.max(16_384, options.maxMessageChars * 8),
    // Fastify's defaults coerce types and silently drop unknown fields; a bad request must be refused.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    trustProxy: options.trustProxy ? [...options.trustProxy] : false,
  });
  app.setErrorHandler(handleError);
  // First, so every route registered below is timed and traced.
  observeRequests(app, {
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.tracer ? { tracer: options.tracer } : {}),
  });
  // Before any route: every response gets `nosniff`, every HTML page a CSP (see page-security.ts).
  securityHeaders(app);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } });
  });
  // Probes are polled every few seconds: never logged per request.
  const probe =
    (check: () => HealthReport | Promise<HealthReport>) =>
    async (_request: unknown, reply: FastifyReply) => {
      const report = await check();
      return reply.status(report.status === 'ok' ? 200 : 503).send(report);
    };
  app.get('/healthz', { logLevel: 'silent' }, probe(options.health));
  app.get('/readyz', { logLevel: 'silent' }, probe(options.readiness ?? options.health));
  if (options.metrics) await app.register(metricsRoute, options.metrics);
  await app.register(chatRoute, {
    assistant: options.assistant,
    maxMessageChars: options.maxMessageChars,
    ...(options.api ? { access: options.api } : {}),
  });
  if (options.handoffReplies) await app.register(handoffRepliesRoute, options.handoffReplies);
  if (options.chatwoot) await app.register(chatwootRoute, options.chatwoot);
  if (options.botframework)
    await app.register(botFrameworkRoute, { channel: options.botframework });
  if (options.slack) await app.register(slackPlugin, { channel: options.slack });
  if (options.web) await app.register(webPlugin, options.web);
  if (options.admin) {
    const { token, queue, throttle } = options.admin;
    await app.register(adminPlugin, { ...options.admin, prefix: '/admin/api' });
    await app.register(sessionRoutes, { token, throttle, prefix: '/admin/api/session' });
    // Imported only with the admin routes on: bull-board is ~0.1 s of loading a start without them skips.
    const { bullBoardPlugin } = await import('./admin/bull-board.ts');
    await app.register(bullBoardPlugin, { token, queue, throttle, prefix: '/admin/queues' });
    await app.register(adminPagePlugin);
  }
  return app;
}

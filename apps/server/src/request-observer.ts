import type { Tracer, TraceSpan } from '@switchboard/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What the server reports per request: its latency by route pattern and channel. */
export interface HttpMetrics {
  observeRequest(o: {
    method: string;
    route: string;
    channel: string;
    statusCode: number;
    seconds: number;
  }): void;
}

/** Paths polled by machines: neither timed nor traced (they would drown the real traffic). */
const UNOBSERVED: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** The route label of a request that matched no route: the raw URL would be unbounded. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The channel a route serves, from its pattern: `api` (the chat API), `web` (the widget, its
 * demo page and the help pages), `slack`, `botframework` (Teams, Web Chat), `handoff` (agent
 * replies from helpdesks), `admin` (admin API, page, bull-board), else `other`.
 */
export function channelOfRoute(route: string): string {
  if (route === '/api/chat') return 'api';
  if (route === '/api/messages') return 'botframework';
  if (route.startsWith('/slack/')) return 'slack';
  if (route.startsWith('/api/handoff/')) return 'handoff';
  if (route === '/admin' || route.startsWith('/admin/')) return 'admin';
  if (
    route === '/' ||
    route.startsWith('/api/widget/') ||
    route === '/widget.js' ||
    route.startsWith('/demo/') ||
    route === '/help' ||
    route.startsWith('/help/')
  )
    return 'web';
  return 'other';
}

/**
 * Times every request (`metrics`) and makes it the root span of its trace (`tracer`), both by
 * the Fastify route pattern (`/help/*`, not `/help/wifi.md`). Call on the root instance before
 * any route is registered, so every plugin's routes get the hooks.
 */
export function observeRequests(
  app: FastifyInstance,
  options: { metrics?: HttpMetrics; tracer?: Tracer },
): void {
  const { metrics, tracer } = options;
  if (!metrics && !tracer) return;
  const started = new WeakMap<FastifyRequest, { at: bigint; span?: TraceSpan; error?: unknown }>();
  const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? UNMATCHED_ROUTE;

  app.addHook('onRequest', (request, _reply, done) => {
    const route = routeOf(request);
    if (UNOBSERVED.has(route)) return done();
    const span = tracer?.startSpan(`${request.method} ${route}`, {
      'http.request.method': request.method,
      'http.route': route,
      'switchboard.channel': channelOfRoute(route),
    });
    started.set(request, { at: process.hrtime.bigint(), ...(span ? { span } : {}) });
    done();
  });
  // The handler runs inside `done`: with the request's span active there, the reply's spans
  // (and everything they start) join the request's trace.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = started.get(request)?.span;
    if (span && tracer) tracer.withSpan(span, done);
    else done();
  });
  app.addHook('onError', (request, _reply, error, done) => {
    const start = started.get(request);
    if (start) start.error = error;
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const start = started.get(request);
    if (!start) return done();
    started.delete(request);
    const route = routeOf(request);
    metrics?.observeRequest({
      method: request.method,
      route,
      channel: channelOfRoute(route),
      statusCode: reply.statusCode,
      seconds: Number(process.hrtime.bigint() - start.at) / 1e9,
    });
    start.span?.setAttributes({ 'http.response.status_code': reply.statusCode });
    // A 4xx is the client's mistake, not a failed request (OpenTelemetry's rule for servers).
    if (reply.statusCode >= 500)
      start.span?.fail(start.error ?? new Error(`answered ${reply.statusCode}`));
    start.span?.end();
    done();
  });
}

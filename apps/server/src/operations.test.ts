import {
  createLogger,
  type ProcessLogger,
  PrometheusMetrics,
  startTracing,
} from '@switchboard/observability';
import { ApiKeyRing, RedisRateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../../test/support/otlp-receiver.ts';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { MapConversationStore, tinyAssistant } from '../../../test/support/tiny-assistant.ts';
import { type AppOptions, buildApp } from './app.ts';
import { channelOfRoute } from './request-observer.ts';

/** A process logger writing parsed lines into an array. */
function capturedLogger(level: 'info' | 'warn') {
  const lines: Array<Record<string, unknown>> = [];
  const log: ProcessLogger = createLogger({
    level,
    process: 'server',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { log, lines };
}

describe('operations: one logger, /metrics, traces (in process)', () => {
  const test = useTestRedis();
  const apps: FastifyInstance[] = [];
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await receiver.close();
  });

  const appWith = async (
    extra: Partial<AppOptions>,
    parts: Parameters<typeof tinyAssistant>[1] = {},
  ) => {
    const app = await buildApp({
      assistant: tinyAssistant(new MapConversationStore(), parts),
      health: () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 200,
      api: {
        keys: new ApiKeyRing([]),
        limiter: new RedisRateLimiter({
          redis: test.redis,
          prefix: `${test.prefix}${apps.length}:`,
        }),
        perKeyPerMinute: 1_000,
        allowLoopback: true,
      },
      ...extra,
    });
    apps.push(app);
    return app;
  };
  const chat = (app: FastifyInstance, message: string) =>
    app.inject({ method: 'POST', url: '/api/chat', payload: { message } });
  const metricsOf = (metrics: PrometheusMetrics, token?: string): AppOptions['metrics'] => ({
    render: () => metrics.render(),
    observeRequest: (o) => metrics.observeRequest(o),
    ...(token ? { token } : {}),
  });

  it('writes request lines through the process logger at info, never for /healthz, /readyz, /metrics', async () => {
    const { log, lines } = capturedLogger('info');
    const metrics = new PrometheusMetrics({ processMetrics: false });
    const app = await appWith({ loggerInstance: log, metrics: metricsOf(metrics) });
    await app.inject({ url: '/healthz' });
    await app.inject({ url: '/readyz' });
    await app.inject({ url: '/metrics' });
    expect(lines).toEqual([]);
    expect((await chat(app, 'How do I pair the Wi-Fi?')).statusCode).toBe(200);
    const requestLines = lines.filter((l) => l.reqId !== undefined);
    expect(requestLines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(requestLines.every((l) => l.process === 'server' && l.level === 'info')).toBe(true);
    expect(typeof requestLines[0]?.time).toBe('string');
  });

  it('writes no info line at LOG_LEVEL=warn: no request, 404 or probe line', async () => {
    const { log, lines } = capturedLogger('warn');
    const app = await appWith({ loggerInstance: log });
    await app.inject({ url: '/healthz' });
    expect((await chat(app, 'How do I pair the Wi-Fi?')).statusCode).toBe(200);
    await app.inject({ url: '/no/such/page' });
    expect(lines).toEqual([]);
  });

  it('answers /metrics to loopback callers only, or to the bearer of METRICS_TOKEN', async () => {
    const open = await appWith({ metrics: metricsOf(new PrometheusMetrics()) });
    const local = await open.inject({ url: '/metrics' });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toContain('text/plain');
    expect(local.body).toContain('process_cpu_user_seconds_total');
    // Through a proxy on this machine, the caller is someone else.
    const proxied = await open.inject({
      url: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.statusCode).toBe(403);
    expect(proxied.body).not.toContain('switchboard_');
    const elsewhere = await open.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(elsewhere.statusCode).toBe(403);

    const token = 'metrics-token-0123456789';
    const locked = await appWith({ metrics: metricsOf(new PrometheusMetrics(), token) });
    expect((await locked.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await locked.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer');
    const bearer = await locked.inject({
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.statusCode).toBe(200);
  });

  it('times requests by route pattern and channel, never by raw URL, probes left out', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    const app = await appWith({ metrics: metricsOf(metrics) }, { metrics });
    await chat(app, 'How do I pair the Wi-Fi?');
    await chat(app, 'I forgot my password');
    await app.inject({ url: '/no/such/page?token=abc' });
    await app.inject({ url: '/healthz' });
    const body = (await app.inject({ url: '/metrics' })).body;
    const count = (labels: string) =>
      Number(
        new RegExp(
          `^switchboard_http_request_duration_seconds_count\\{${labels}\\} (\\S+)$`,
          'm',
        ).exec(body)?.[1],
      );
    expect(count('method="POST",route="/api/chat",channel="api",status_code="200"')).toBe(2);
    expect(count('method="GET",route="\\(unmatched\\)",channel="other",status_code="404"')).toBe(1);
    expect(body).not.toContain('/no/such/page');
    expect(body).not.toContain('route="/healthz"');
    expect(body).toMatch(/^switchboard_answers_total\{route="knowledge",channel="api"\} 1$/m);
    expect(body).toMatch(/^switchboard_answers_total\{route="brand",channel="api"\} 1$/m);
  });

  it('traces a chat request: the HTTP span, the reply under it (route, confidence), its steps under the reply', async () => {
    const tracing = await startTracing({
      url: `${receiver.url}/v1/traces`,
      serviceName: 'switchboard',
      process: 'server',
      exportDelayMs: 20,
    });
    const app = await appWith({ tracer: tracing.tracer }, { tracer: tracing.tracer });
    const answer = await chat(app, 'How do I pair the Wi-Fi?');
    expect(answer.json().route).toBe('knowledge');
    await app.inject({ url: '/healthz' });
    await tracing.shutdown();
    const spans = receiver.spans();
    const http = spans.find((s) => s.name === 'POST /api/chat');
    const reply = spans.find((s) => s.name === 'assistant.reply');
    expect(http?.attributes.get('http.route')).toBe('/api/chat');
    expect(http?.attributes.get('http.response.status_code')).toBe(200);
    expect(http?.attributes.get('switchboard.channel')).toBe('api');
    expect(reply?.parentSpanId).toBe(http?.spanId);
    expect(reply?.attributes.get('switchboard.route')).toBe('knowledge');
    expect(reply?.attributes.get('switchboard.confidence')).toBe(answer.json().confidence);
    for (const step of ['brand.classify', 'retrieval'])
      expect(spans.find((s) => s.name === step)?.parentSpanId, step).toBe(reply?.spanId);
    expect(spans.some((s) => s.name.includes('/healthz'))).toBe(false);
  });
});

describe('channelOfRoute', () => {
  it('names the channel a route pattern serves', () => {
    expect(channelOfRoute('/api/chat')).toBe('api');
    expect(channelOfRoute('/api/widget/chat')).toBe('web');
    expect(channelOfRoute('/help/*')).toBe('web');
    expect(channelOfRoute('/')).toBe('web');
    expect(channelOfRoute('/slack/events')).toBe('slack');
    expect(channelOfRoute('/api/messages')).toBe('botframework');
    expect(channelOfRoute('/api/handoff/replies')).toBe('handoff');
    expect(channelOfRoute('/admin/api/sources/:name')).toBe('admin');
    expect(channelOfRoute('/admin')).toBe('admin');
    expect(channelOfRoute('(unmatched)')).toBe('other');
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type LocalRedis, startRedisServer } from '@switchboard/local-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHelpCentre } from '../health/help-centre-fixture.ts';
import { startFakeOpenAI } from '../support/fake-llm-servers.ts';
import type { LocalServer } from '../support/http-server.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver.ts';
import {
  killServer,
  probe,
  type ServerProcess,
  startServerProcess,
  waitUntil,
} from '../support/server-process.ts';

/** `name{labels} value` samples of a Prometheus exposition. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/**
 * Issue 11, operations: the real server (`node apps/server/bin/server.js`) with LOG_LEVEL=warn,
 * its own redis-server, an OpenAI-compatible LLM fake and a local OTLP/HTTP collector. Chat
 * traffic of known routes over the API and the widget, feedback and a handoff; then `/metrics`
 * must count exactly that, the log must hold no info line, and the collector must hold the trace.
 */
describe('operations of the real server: /metrics after traffic, LOG_LEVEL=warn, traces', () => {
  let dir: string;
  let redis: LocalRedis;
  let llm: LocalServer;
  let collector: OtlpReceiver;
  let server: ServerProcess;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-operations-'));
    await writeHelpCentre(join(dir, 'help'));
    redis = await startRedisServer({ directory: join(dir, 'redis'), port: await freePort() });
    llm = await startFakeOpenAI({ tokens: ['Hold the tare ', 'button for five seconds [1].'] });
    collector = await startOtlpReceiver();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServerProcess({
      SWITCHBOARD_DATA_DIR: join(dir, 'data'),
      SWITCHBOARD_KNOWLEDGE_PATH: join(dir, 'help'),
      REDIS_URL: redis.url,
      SWITCHBOARD_AUTOSTART_REDIS: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LLM_PROVIDER: 'openai-compatible',
      LLM_MODEL: 'fake-model',
      LLM_BASE_URL: `${llm.url}/v1`,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'switchboard-e2e',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // Nothing listens there: the widget's handoff logs a warning, which LOG_LEVEL=warn keeps.
      HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/hook`,
      HANDOFF_WEBHOOK_SECRET: 'operations-webhook-secret',
    });
    await waitUntil(
      'the server to be ready',
      async () => (await probe(`${base}/readyz`))?.status === 200,
      120_000,
    );
  }, 150_000);

  afterAll(async () => {
    if (server) await killServer(server);
    await llm?.close();
    await collector?.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const api = async (message: string) => {
    const res = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as {
      route: string;
      confidence: number;
      handoff?: { reason: string };
    };
  };
  const widget = (path: string, token: string | undefined, body: unknown) =>
    fetch(`${base}/api/widget/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: base,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  /** The widget's streamed chat: the final reply of its `done` event. */
  const widgetChat = async (token: string, message: string) => {
    const res = await widget('chat', token, { message });
    expect(res.status).toBe(200);
    const text = await res.text();
    const done = /event: done\ndata: (.*)\n/.exec(text)?.[1];
    return (JSON.parse(done ?? '{}') as { reply: { messageId: string; handoff?: unknown } }).reply;
  };

  it('counts the traffic it served, exactly, in Prometheus format', async () => {
    const routes = new Map<string, number>();
    const expected = [
      ['How do I descale the burr chamber?', 'knowledge'],
      ['I forgot my password', 'brand'],
      ['I want to talk to a human', 'handoff'],
      ['thanks!', 'smalltalk'],
      ['Espresso versus filter settings on the calibration ring?', 'knowledge'],
    ] as const;
    for (const [message, route] of expected) {
      const reply = await api(message);
      expect(reply.route, message).toBe(route);
      routes.set(route, (routes.get(route) ?? 0) + 1);
    }
    const session = (await (await widget('session', undefined, {})).json()) as { token: string };
    const first = await widgetChat(session.token, 'How do I pair the bluetooth scale?');
    const second = await widgetChat(session.token, 'When should I descale?');
    for (const [messageId, rating] of [
      [first.messageId, 'up'],
      [second.messageId, 'down'],
    ])
      expect((await widget('feedback', session.token, { messageId, rating })).status).toBe(200);
    const handoff = await widget('handoff', session.token, {});
    expect(((await handoff.json()) as { delivered: boolean }).delivered).toBe(false);
    for (let i = 0; i < 3; i++) await probe(`${base}/healthz`);
    expect((await fetch(`${base}/no/such/page?secret=abc`)).status).toBe(404);

    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const body = await scrape.text();
    const s = samples(body);
    const at = (series: string) => s.get(series);

    for (const route of ['brand', 'knowledge', 'smalltalk', 'handoff'])
      expect(at(`switchboard_answers_total{route="${route}",channel="api"}`), route).toBe(
        routes.get(route) ?? 0,
      );
    expect(at('switchboard_answers_total{route="knowledge",channel="web"}')).toBe(2);
    expect(at('switchboard_answers_total{route="brand",channel="slack"}')).toBe(0);
    expect(at('switchboard_handoff_answers_total{reason="customer_asked",channel="api"}')).toBe(1);
    expect(
      at('switchboard_handoffs_total{reason="customer_asked",channel="web",delivered="false"}'),
    ).toBe(1);
    expect(at('switchboard_feedback_total{rating="up",channel="web"}')).toBe(1);
    expect(at('switchboard_feedback_total{rating="down",channel="web"}')).toBe(1);

    const requests = (labels: string) =>
      at(`switchboard_http_request_duration_seconds_count{${labels}}`);
    expect(requests('method="POST",route="/api/chat",channel="api",status_code="200"')).toBe(5);
    expect(requests('method="POST",route="/api/widget/chat",channel="web",status_code="200"')).toBe(
      2,
    );
    expect(
      requests('method="POST",route="/api/widget/feedback",channel="web",status_code="200"'),
    ).toBe(2);
    expect(requests('method="GET",route="(unmatched)",channel="other",status_code="404"')).toBe(1);
    expect(body).not.toContain('/no/such/page');
    expect(body).not.toContain('route="/healthz"');

    // The start-up sync of the four-article help centre, and the index it left.
    expect(at('switchboard_sync_runs_total{source="default",outcome="succeeded"}')).toBe(1);
    expect(at('switchboard_sync_documents_total{source="default",outcome="added"}')).toBe(4);
    expect(at('switchboard_sync_documents_total{source="default",outcome="failed"}')).toBe(0);
    const ready = await probe(`${base}/readyz`);
    const checks = ready?.body.checks as { index?: { chunks?: number } } | undefined;
    const chunks = checks?.index?.chunks;
    expect(chunks).toBeGreaterThan(0);
    expect(at('switchboard_index_chunks{index="knowledge"}')).toBe(chunks);
    expect(at('switchboard_queue_jobs{queue="switchboard-sync",state="waiting"}')).toBe(0);
    expect(at('switchboard_queue_jobs{queue="switchboard-sync",state="active"}')).toBe(0);
    expect(at('switchboard_queue_jobs{queue="switchboard-training",state="failed"}')).toBe(0);
    expect(at('switchboard_metrics_collector_up{collector="queue:switchboard-sync"}')).toBe(1);
    expect([...s.keys()].filter((k) => k.startsWith('switchboard_job_failures_total'))).toEqual([]);
    expect(s.has('process_cpu_user_seconds_total')).toBe(true);

    // Not for callers a proxy forwards: the data says how busy and how broken the service is.
    const forwarded = await fetch(`${base}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(forwarded.status).toBe(403);
  }, 60_000);

  it('sends the reply span, with its route, under the request span to the OTLP collector', async () => {
    await waitUntil(
      'the reply spans at the collector',
      () => collector.spans().filter((s) => s.name === 'assistant.reply').length >= 7,
      15_000,
    );
    const spans = collector.spans();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const replies = spans.filter((s) => s.name === 'assistant.reply');
    expect(new Set(replies.map((s) => s.attributes.get('switchboard.route')))).toEqual(
      new Set(['brand', 'knowledge', 'smalltalk', 'handoff']),
    );
    for (const reply of replies) {
      const parent = byId.get(reply.parentSpanId ?? '');
      expect(parent?.attributes.get('http.route')).toMatch(/^\/api\/(chat|widget\/chat)$/);
      expect(parent?.traceId).toBe(reply.traceId);
      expect(typeof reply.attributes.get('switchboard.confidence')).toBe('number');
      expect(reply.resource.get('service.name')).toBe('switchboard-e2e');
    }
    const knowledge = replies.find((s) => s.attributes.get('switchboard.route') === 'knowledge');
    const children = spans.filter((s) => s.parentSpanId === knowledge?.spanId).map((s) => s.name);
    // The grounded answer went to the LLM: its call is a span of the reply too.
    expect(children).toEqual(expect.arrayContaining(['brand.classify', 'retrieval', 'llm.chat']));
    const llmCall = spans.find((s) => s.name === 'llm.chat');
    expect(llmCall?.attributes.get('gen_ai.request.model')).toBe('openai-compatible:fake-model');
    expect(spans.some((s) => s.name.includes('/healthz') || s.name.includes('/metrics'))).toBe(
      false,
    );
  });

  it('writes one JSON format and, at LOG_LEVEL=warn, no info line (no /healthz, no requests)', () => {
    const lines = server.lines.filter((line) => line.trim());
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    for (const line of parsed) {
      expect(['warn', 'error', 'fatal'], JSON.stringify(line)).toContain(line.level);
      expect(line.process).toBe('server');
    }
    expect(lines.join('\n')).not.toContain('/healthz');
    expect(lines.join('\n')).not.toContain('incoming request');
    // Fastify's request logger is the process logger: its warning has the same shape.
    expect(parsed).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        process: 'server',
        msg: 'handoff target failed',
        reqId: expect.any(String),
        target: 'webhook',
      }),
    );
  });
});

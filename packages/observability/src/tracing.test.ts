import { inSpan, noTracer, withinSpan } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../../test/support/otlp-receiver.ts';
import { startTracing } from './tracing.ts';

describe('startTracing', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  it('is the no-op tracer without an endpoint', async () => {
    const tracing = await startTracing(null);
    expect(tracing.tracer).toBe(noTracer);
    await tracing.shutdown();
  });

  it('exports OTLP/HTTP JSON to the endpoint, children under the span active where they start', async () => {
    const tracing = await startTracing({
      url: `${receiver.url}/v1/traces`,
      serviceName: 'switchboard-test',
      process: 'server',
      headers: { 'x-collector-key': 'k-123' },
      exportDelayMs: 50,
    });
    const { tracer } = tracing;
    const root = tracer.startSpan('GET /thing', { 'http.route': '/thing', skipped: undefined });
    await tracer.withSpan(root, async () => {
      await new Promise((r) => setTimeout(r, 5));
      // Across an await and inside an async generator stepped with `withinSpan`.
      const reply = tracer.startSpan('assistant.reply');
      async function* steps() {
        yield await inSpan(tracer, 'retrieval', async (span) => {
          span.setAttributes({ 'switchboard.hits': 2 });
          return 'hit';
        });
      }
      for await (const _ of withinSpan(tracer, reply, steps()));
      reply.setAttributes({ 'switchboard.route': 'knowledge', 'switchboard.confidence': 0.75 });
      reply.end();
      expect(() =>
        inSpan(tracer, 'failing', () => {
          throw new Error('nope');
        }),
      ).toThrow('nope');
    });
    root.end();
    await tracing.shutdown();

    const spans = receiver.spans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const http = byName.get('GET /thing');
    const reply = byName.get('assistant.reply');
    const retrieval = byName.get('retrieval');
    const failing = byName.get('failing');
    expect(http?.parentSpanId).toBeUndefined();
    expect(http?.attributes.get('http.route')).toBe('/thing');
    expect(http?.attributes.has('skipped')).toBe(false);
    expect(reply?.parentSpanId).toBe(http?.spanId);
    expect(reply?.traceId).toBe(http?.traceId);
    expect(reply?.attributes.get('switchboard.route')).toBe('knowledge');
    expect(reply?.attributes.get('switchboard.confidence')).toBe(0.75);
    expect(retrieval?.parentSpanId).toBe(reply?.spanId);
    expect(retrieval?.attributes.get('switchboard.hits')).toBe(2);
    expect(failing?.parentSpanId).toBe(http?.spanId);
    expect(failing?.status).toMatchObject({ code: 2, message: 'nope' });
    expect(http?.resource.get('service.name')).toBe('switchboard-test');
    expect(http?.resource.get('switchboard.process')).toBe('server');
    expect(receiver.server.requests[0]?.headers['x-collector-key']).toBe('k-123');
  });
});

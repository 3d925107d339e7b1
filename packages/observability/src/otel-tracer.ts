import { type Context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanAttributes, Tracer, TraceSpan } from '@switchboard/core';
import type { Tracing, TracingOptions } from './tracing-options.ts';

/** Attributes with the undefined values left out (OpenTelemetry drops them with a warning). */
function defined(
  attributes: SpanAttributes | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes ?? {}))
    if (value !== undefined) out[key] = value;
  return out;
}

/** core's span over an OpenTelemetry span. */
class OtelSpan implements TraceSpan {
  constructor(readonly span: Span) {}

  setAttributes(attributes: SpanAttributes): void {
    this.span.setAttributes(defined(attributes));
  }

  fail(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    // Name and message only: a stack says nothing to a trace reader and costs bytes per span.
    this.span.recordException({ name: err.name, message: err.message });
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  }

  end(): void {
    this.span.end();
  }
}

/** core's tracing port over one OpenTelemetry tracer and one async-context manager. */
class OtelTracer implements Tracer {
  readonly #tracer: ReturnType<BasicTracerProvider['getTracer']>;
  readonly #contexts: AsyncLocalStorageContextManager;

  constructor(
    tracer: ReturnType<BasicTracerProvider['getTracer']>,
    contexts: AsyncLocalStorageContextManager,
  ) {
    this.#tracer = tracer;
    this.#contexts = contexts;
  }

  startSpan(name: string, attributes?: SpanAttributes): TraceSpan {
    const parent: Context = this.#contexts.active();
    return new OtelSpan(this.#tracer.startSpan(name, { attributes: defined(attributes) }, parent));
  }

  withSpan<T>(span: TraceSpan, fn: () => T): T {
    if (!(span instanceof OtelSpan)) return fn();
    return this.#contexts.with(trace.setSpan(this.#contexts.active(), span.span), fn);
  }
}

/**
 * A tracer exporting OTLP/HTTP JSON in batches. Nothing global is registered (no global
 * provider, propagator or context manager): this process's spans go through this tracer only,
 * and libraries that bring their own OpenTelemetry are left alone.
 */
export function openOtelTracing(options: TracingOptions): Tracing {
  const timeoutMs = options.exportTimeoutMs ?? 10_000;
  const exporter = new OTLPTraceExporter({
    url: options.url,
    headers: { ...options.headers },
    timeoutMillis: timeoutMs,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'switchboard.process': options.process,
    }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        scheduledDelayMillis: options.exportDelayMs ?? 5_000,
        exportTimeoutMillis: timeoutMs,
      }),
    ],
  });
  const contexts = new AsyncLocalStorageContextManager().enable();
  return {
    tracer: new OtelTracer(provider.getTracer('switchboard'), contexts),
    async shutdown() {
      // A collector that hangs must not hold the process's exit past the export timeout.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((done) => {
        timer = setTimeout(done, timeoutMs + 1_000);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch(() => {}), deadline]);
      clearTimeout(timer);
      contexts.disable();
    },
  };
}

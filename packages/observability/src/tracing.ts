import { noTracer } from '@switchboard/core';
import type { Tracing, TracingOptions } from './tracing-options.ts';

export type { Tracing, TracingOptions } from './tracing-options.ts';

/**
 * Traces exported over OTLP/HTTP when `options` is given (OTEL_EXPORTER_OTLP_ENDPOINT is set),
 * else the no-op tracer. The OpenTelemetry SDK is imported only in the first case, so a process
 * without an endpoint never loads it.
 */
export async function startTracing(options: TracingOptions | null | undefined): Promise<Tracing> {
  if (!options) return { tracer: noTracer, shutdown: async () => {} };
  const { openOtelTracing } = await import('./otel-tracer.ts');
  return openOtelTracing(options);
}

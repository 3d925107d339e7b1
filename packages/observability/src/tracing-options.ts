import type { Tracer } from '@switchboard/core';
import type { ProcessName } from './logger.ts';

export interface TracingOptions {
  /** The full URL spans are POSTed to as OTLP/HTTP JSON (`…/v1/traces`). */
  url: string;
  /** `service.name` of every span. */
  serviceName: string;
  /** Sent with every export (an API key of a hosted backend); never logged. */
  headers?: Readonly<Record<string, string>>;
  /** `switchboard.process` of every span. */
  process: ProcessName;
  /** Longest wait between two exports (ms). @defaultValue 5000 (OpenTelemetry's) */
  exportDelayMs?: number;
  /** How long one export may take before it is abandoned (ms). @defaultValue 10_000 */
  exportTimeoutMs?: number;
}

export interface Tracing {
  tracer: Tracer;
  /** Exports what is buffered (within the export timeout) and stops. */
  shutdown(): Promise<void>;
}

export { type EventLoopWatchdogOptions, watchEventLoop } from './event-loop-watchdog.ts';
export {
  type CreateLoggerOptions,
  createLogger,
  type ProcessLogger,
  type ProcessName,
  REDACTED_PATHS,
} from './logger.ts';
export {
  type HttpObservation,
  type JobCounter,
  PrometheusMetrics,
  type PrometheusMetricsOptions,
  QUEUE_STATES,
  type ScrapeSources,
} from './metrics.ts';
export { startTracing, type Tracing, type TracingOptions } from './tracing.ts';

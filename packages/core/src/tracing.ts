/** Span attributes: flat keys (`switchboard.route`), scalar values; undefined ones are left out. */
export type SpanAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** One timed operation of a trace. */
export interface TraceSpan {
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed (error status, the error's class and message); still call `end`. */
  fail(error: unknown): void;
  end(): void;
}

/**
 * The tracing port: the answer path times its steps through it without knowing the vendor
 * (OpenTelemetry lives in `@switchboard/observability`, loaded only when an endpoint is set).
 */
export interface Tracer {
  /** A span, the child of the span active in this async context (none: a new trace). */
  startSpan(name: string, attributes?: SpanAttributes): TraceSpan;
  /**
   * Runs `fn` with `span` active: spans started inside it, in this package or another, and in
   * its async continuations, become its children.
   */
  withSpan<T>(span: TraceSpan, fn: () => T): T;
}

const NO_SPAN: TraceSpan = { setAttributes() {}, fail() {}, end() {} };

/** Traces nothing (no endpoint configured): costs one call per step. */
export const noTracer: Tracer = {
  startSpan: () => NO_SPAN,
  withSpan: (_span, fn) => fn(),
};

/**
 * Runs `fn` inside a new span, active for everything `fn` starts, and ends it when `fn` returns
 * or settles; a throw or rejection marks it failed and is rethrown.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  fn: (span: TraceSpan) => T,
  attributes?: SpanAttributes,
): T {
  const span = tracer.startSpan(name, attributes);
  const failed = (error: unknown) => {
    span.fail(error);
    span.end();
    throw error;
  };
  let result: T;
  try {
    result = tracer.withSpan(span, () => fn(span));
  } catch (error) {
    return failed(error);
  }
  if (result instanceof Promise) {
    return result.then((value) => {
      span.end();
      return value;
    }, failed) as T;
  }
  span.end();
  return result;
}

/**
 * Iterates `source` with `span` active during each step, so whatever the source starts while
 * producing an item (a retrieval, an LLM request) is a child of `span`. For async generators,
 * whose bodies otherwise run in the context of whoever calls `next()`.
 */
export async function* withinSpan<T>(
  tracer: Tracer,
  span: TraceSpan,
  source: AsyncIterable<T>,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    while (true) {
      const step = await tracer.withSpan(span, () => iterator.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    // The consumer stopped early (a closed connection): let the source clean up too.
    await iterator.return?.();
  }
}

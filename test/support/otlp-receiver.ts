import { type LocalServer, sendJson, startLocalServer } from './http-server.ts';

/** One span as an OTLP/HTTP JSON export carries it, its attributes decoded. */
export interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Map<string, string | number | boolean>;
  /** The resource's attributes (`service.name`…). */
  resource: Map<string, string | number | boolean>;
  status?: { code?: number; message?: string };
}

export interface OtlpReceiver extends AsyncDisposable {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (spans arrive at `/v1/traces`). */
  url: string;
  server: LocalServer;
  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
type KeyValue = { key: string; value: AnyValue };

function decode(attributes: KeyValue[] | undefined): Map<string, string | number | boolean> {
  const out = new Map<string, string | number | boolean>();
  for (const { key, value } of attributes ?? []) {
    if (value.stringValue !== undefined) out.set(key, value.stringValue);
    else if (value.intValue !== undefined) out.set(key, Number(value.intValue));
    else if (value.doubleValue !== undefined) out.set(key, value.doubleValue);
    else if (value.boolValue !== undefined) out.set(key, value.boolValue);
  }
  return out;
}

/**
 * A local OpenTelemetry collector for tests: answers `POST /v1/traces` with OTLP/HTTP JSON
 * content as the protocol says (200, an empty ExportTraceServiceResponse) and keeps the spans;
 * anything else (another path, protobuf) gets 415/404, so an exporter speaking something else
 * fails the test.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const server = await startLocalServer((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/traces') return sendJson(res, 404, {});
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return sendJson(res, 415, {});
    sendJson(res, 200, {});
  });
  const spans = (): ReceivedSpan[] =>
    server.requests
      .filter((r) => r.path === '/v1/traces' && typeof r.body === 'object' && r.body !== null)
      .flatMap((r) => {
        const body = r.body as {
          resourceSpans?: Array<{
            resource?: { attributes?: KeyValue[] };
            scopeSpans?: Array<{
              spans?: Array<{
                name: string;
                traceId: string;
                spanId: string;
                parentSpanId?: string;
                attributes?: KeyValue[];
                status?: { code?: number; message?: string };
              }>;
            }>;
          }>;
        };
        return (body.resourceSpans ?? []).flatMap((rs) =>
          (rs.scopeSpans ?? []).flatMap((ss) =>
            (ss.spans ?? []).map((s) => ({
              name: s.name,
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              attributes: decode(s.attributes),
              resource: decode(rs.resource?.attributes),
              ...(s.status ? { status: s.status } : {}),
            })),
          ),
        );
      });
  return {
    url: server.url,
    server,
    spans,
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
  };
}

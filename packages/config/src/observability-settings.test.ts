import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from './config.ts';

describe('operations settings (LOG_LEVEL, METRICS_TOKEN, OTEL_*)', () => {
  it('traces nothing and protects /metrics by address when nothing is set', () => {
    const config = loadConfig({});
    expect(config.server.logLevel).toBe('info');
    expect(config.observability).toEqual({ tracing: null });
    expect(describeConfig(config)).toMatchObject({ metrics: 'loopback only', tracing: 'off' });
  });

  it('sends traces to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    const base = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_SERVICE_NAME: 'support-bot',
      OTEL_BSP_SCHEDULE_DELAY: '250',
    });
    expect(base.observability.tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      serviceName: 'support-bot',
      headers: {},
      exportDelayMs: 250,
    });
    const exact = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp/v1/traces',
    });
    expect(exact.observability.tracing?.url).toBe('https://traces.example/otlp/v1/traces');
  });

  it('reads OTLP headers as key=value pairs (percent-encoded), and never describes them or the token', () => {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr%3Dt, __proto__=p',
      METRICS_TOKEN: 'metrics-token-0123456789',
    });
    expect(config.observability.tracing?.headers['x-api-key']).toBe('s3cr=t');
    expect(Object.hasOwn(config.observability.tracing?.headers ?? {}, '__proto__')).toBe(true);
    expect(config.observability.metricsToken).toBe('metrics-token-0123456789');
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('s3cr');
    expect(described).not.toContain('metrics-token');
    expect(described).toContain('bearer token');
  });

  it('refuses a short metrics token, malformed headers and an unknown log level, naming the variable', () => {
    for (const env of [
      { METRICS_TOKEN: 'short' },
      { OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign' },
      { OTEL_EXPORTER_OTLP_HEADERS: 'key=%E0%A4%A' },
      { LOG_LEVEL: 'verbose' },
    ])
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(Object.keys(env)[0]);
  });
});

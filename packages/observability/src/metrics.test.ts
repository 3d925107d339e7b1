import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from './metrics.ts';

/** `name{labels} value` lines of the exposition, by series (labels in the order written). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('PrometheusMetrics', () => {
  it('counts replies, handoffs, feedback, runs and job failures with their labels', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.answered({ route: 'knowledge', channel: 'web' });
    metrics.answered({ route: 'knowledge', channel: 'web' });
    metrics.answered({ route: 'handoff', channel: 'api', handoffReason: 'no_docs' });
    metrics.handedOff({ reason: 'customer_asked', channel: 'web', delivered: false });
    metrics.feedbackRecorded({ rating: 'down', channel: 'slack' });
    metrics.syncRunFinished({
      source: 'help',
      outcome: 'partial',
      documents: { added: 3, updated: 1, unchanged: 5, removed: 2, failed: 1 },
    });
    metrics.syncRunFinished({ source: 'help', outcome: 'failed' });
    metrics.jobFailed({ queue: 'switchboard-sync', job: 'sync-documents' });
    const { contentType, body } = await metrics.render();
    expect(contentType).toContain('text/plain');
    const s = samples(body);
    expect(s.get('switchboard_answers_total{route="knowledge",channel="web"}')).toBe(2);
    expect(s.get('switchboard_answers_total{route="handoff",channel="api"}')).toBe(1);
    // Known label sets start at zero, so rates exist before the first reply.
    expect(s.get('switchboard_answers_total{route="brand",channel="slack"}')).toBe(0);
    expect(s.get('switchboard_handoff_answers_total{reason="no_docs",channel="api"}')).toBe(1);
    expect(
      s.get('switchboard_handoffs_total{reason="customer_asked",channel="web",delivered="false"}'),
    ).toBe(1);
    expect(s.get('switchboard_feedback_total{rating="down",channel="slack"}')).toBe(1);
    expect(s.get('switchboard_feedback_total{rating="up",channel="web"}')).toBe(0);
    expect(s.get('switchboard_sync_runs_total{source="help",outcome="partial"}')).toBe(1);
    expect(s.get('switchboard_sync_runs_total{source="help",outcome="failed"}')).toBe(1);
    expect(s.get('switchboard_sync_documents_total{source="help",outcome="added"}')).toBe(3);
    expect(s.get('switchboard_sync_documents_total{source="help",outcome="removed"}')).toBe(2);
    expect(s.get('switchboard_sync_documents_total{source="help",outcome="failed"}')).toBe(1);
    expect(
      s.get('switchboard_job_failures_total{queue="switchboard-sync",job="sync-documents"}'),
    ).toBe(1);
  });

  it('times requests by route pattern and channel in a histogram', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    for (const seconds of [0.004, 0.2, 3])
      metrics.observeRequest({
        method: 'POST',
        route: '/api/chat',
        channel: 'api',
        statusCode: 200,
        seconds,
      });
    const s = samples((await metrics.render()).body);
    const series = 'method="POST",route="/api/chat",channel="api",status_code="200"';
    expect(s.get(`switchboard_http_request_duration_seconds_count{${series}}`)).toBe(3);
    expect(s.get(`switchboard_http_request_duration_seconds_bucket{le="0.005",${series}}`)).toBe(1);
    expect(s.get(`switchboard_http_request_duration_seconds_bucket{le="0.25",${series}}`)).toBe(2);
    expect(s.get(`switchboard_http_request_duration_seconds_sum{${series}}`)).toBeCloseTo(3.204);
  });

  it('reads queue depth and index size at scrape time', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    let waiting = 4;
    metrics.watch({
      queues: new Map([
        ['switchboard-sync', { getJobCounts: async () => ({ waiting, active: 1, failed: 2 }) }],
      ]),
      indexChunks: async () => 42,
    });
    let s = samples((await metrics.render()).body);
    expect(s.get('switchboard_queue_jobs{queue="switchboard-sync",state="waiting"}')).toBe(4);
    expect(s.get('switchboard_queue_jobs{queue="switchboard-sync",state="active"}')).toBe(1);
    expect(s.get('switchboard_queue_jobs{queue="switchboard-sync",state="failed"}')).toBe(2);
    expect(s.get('switchboard_queue_jobs{queue="switchboard-sync",state="delayed"}')).toBe(0);
    expect(s.get('switchboard_index_chunks{index="knowledge"}')).toBe(42);
    expect(s.get('switchboard_metrics_collector_up{collector="queue:switchboard-sync"}')).toBe(1);
    waiting = 0;
    s = samples((await metrics.render()).body);
    expect(s.get('switchboard_queue_jobs{queue="switchboard-sync",state="waiting"}')).toBe(0);
  });

  it('answers a scrape within the read timeout when a queue hangs, and says which read failed', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false, readTimeoutMs: 100 });
    metrics.watch({
      queues: new Map([['switchboard-sync', { getJobCounts: () => new Promise(() => {}) }]]),
      indexChunks: async () => {
        throw new Error('index closed');
      },
    });
    const started = Date.now();
    const s = samples((await metrics.render()).body);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(s.get('switchboard_metrics_collector_up{collector="queue:switchboard-sync"}')).toBe(0);
    expect(s.get('switchboard_metrics_collector_up{collector="index"}')).toBe(0);
    expect([...s.keys()].some((k) => k.startsWith('switchboard_queue_jobs{'))).toBe(false);
    expect([...s.keys()].some((k) => k.startsWith('switchboard_index_chunks'))).toBe(false);
  });

  it("includes Node's process metrics, in a registry of its own", async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics();
    a.answered({ route: 'brand', channel: 'cli' });
    const s = samples((await b.render()).body);
    expect(s.get('switchboard_answers_total{route="brand",channel="cli"}')).toBe(0);
    expect(s.has('process_cpu_user_seconds_total')).toBe(true);
    expect([...s.keys()].some((k) => k.startsWith('nodejs_heap_size_total_bytes'))).toBe(true);
  });
});

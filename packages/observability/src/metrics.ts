import type {
  ChannelName,
  HandoffReason,
  Metrics,
  RouteName,
  SyncDocumentCounts,
  SyncRunOutcome,
} from '@switchboard/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Anything that counts its jobs by state, as BullMQ's `Queue#getJobCounts` does. */
export interface JobCounter {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

/** What is read at scrape time rather than counted as it happens. */
export interface ScrapeSources {
  /** Queues by name: their depth by state. */
  queues?: ReadonlyMap<string, JobCounter>;
  /** Chunks in the knowledge index. */
  indexChunks?: () => Promise<number>;
}

export interface PrometheusMetricsOptions {
  /**
   * How long a scrape waits for each read (queue counts, index size) before leaving it out and
   * reporting its collector down: Redis down must not hang the scrape. @defaultValue 1000
   */
  readTimeoutMs?: number;
  /** Node's process metrics (CPU, memory, event loop lag, GC). @defaultValue true */
  processMetrics?: boolean;
}

/** One HTTP request, by the route pattern it matched (never the raw URL). */
export interface HttpObservation {
  method: string;
  route: string;
  channel: string;
  statusCode: number;
  seconds: number;
}

/** The queue states reported as depth (completed jobs are history, not depth). */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'paused',
  'failed',
] as const;

const ROUTES = ['brand', 'knowledge', 'smalltalk', 'handoff'] as const satisfies RouteName[];
const CHANNELS = ['web', 'slack', 'botframework', 'api', 'cli'] as const satisfies ChannelName[];
const RATINGS = ['up', 'down'] as const;
const DOCUMENT_OUTCOMES = ['added', 'updated', 'unchanged', 'removed', 'failed'] as const;

/** Rejects after `ms` (the timer never holds the process open). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The Prometheus side of core's `Metrics` port, plus the HTTP histogram and the scrape-time
 * gauges (queue depth, index size). One instance per process, with a registry of its own (never
 * prom-client's global one), so tests can hold several.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #timeoutMs: number;
  #sources: ScrapeSources = {};
  readonly #http: Histogram<'method' | 'route' | 'channel' | 'status_code'>;
  readonly #answers: Counter<'route' | 'channel'>;
  readonly #handoffAnswers: Counter<'reason' | 'channel'>;
  readonly #handoffs: Counter<'reason' | 'channel' | 'delivered'>;
  readonly #feedback: Counter<'rating' | 'channel'>;
  readonly #syncRuns: Counter<'source' | 'outcome'>;
  readonly #syncDocuments: Counter<'source' | 'outcome'>;
  readonly #jobFailures: Counter<'queue' | 'job'>;
  readonly #collectorUp: Gauge<'collector'>;
  readonly #queueJobs: Gauge<'queue' | 'state'>;
  readonly #indexChunks: Gauge<'index'>;

  constructor(options: PrometheusMetricsOptions = {}) {
    this.#timeoutMs = options.readTimeoutMs ?? 1_000;
    const registers = [this.registry];
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.#http = new Histogram({
      name: 'switchboard_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and channel (probes and /metrics left out).',
      labelNames: ['method', 'route', 'channel', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#answers = new Counter({
      name: 'switchboard_answers_total',
      help: 'Replies given, by route (brand, knowledge, smalltalk, handoff) and channel.',
      labelNames: ['route', 'channel'],
      registers,
    });
    this.#handoffAnswers = new Counter({
      name: 'switchboard_handoff_answers_total',
      help: 'Replies on the handoff route, by reason (customer_asked, no_docs, low_confidence, out_of_scope).',
      labelNames: ['reason', 'channel'],
      registers,
    });
    this.#handoffs = new Counter({
      name: 'switchboard_handoffs_total',
      help: 'Conversations handed to people (tickets), by reason and channel; delivered="false" when no target took it.',
      labelNames: ['reason', 'channel', 'delivered'],
      registers,
    });
    this.#feedback = new Counter({
      name: 'switchboard_feedback_total',
      help: 'Ratings of replies, by rating (up, down) and channel.',
      labelNames: ['rating', 'channel'],
      registers,
    });
    this.#syncRuns = new Counter({
      name: 'switchboard_sync_runs_total',
      help: 'Finished sync runs, by source and outcome (succeeded, partial: some documents failed, failed).',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.#syncDocuments = new Counter({
      name: 'switchboard_sync_documents_total',
      help: 'Documents of finished sync runs, by source and outcome (added, updated, unchanged, removed, failed).',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.#jobFailures = new Counter({
      name: 'switchboard_job_failures_total',
      help: 'Failed queue job attempts (retried ones included), by queue and job name.',
      labelNames: ['queue', 'job'],
      registers,
    });
    this.#collectorUp = new Gauge({
      name: 'switchboard_metrics_collector_up',
      help: '1 when the last scrape could read the source (queues, index), 0 when it failed or timed out.',
      labelNames: ['collector'],
      registers,
    });
    this.#queueJobs = new Gauge({
      name: 'switchboard_queue_jobs',
      help: 'Jobs in each queue by state, read at scrape time.',
      labelNames: ['queue', 'state'],
      registers,
    });
    this.#indexChunks = new Gauge({
      name: 'switchboard_index_chunks',
      help: 'Chunks in the knowledge index, read at scrape time (absent when the read failed).',
      // A label, so a failed read can leave the series out instead of reporting 0 chunks.
      labelNames: ['index'],
      registers,
    });
    // Zeros for the closed label sets, so rates and ratios exist before the first event.
    for (const route of ROUTES)
      for (const channel of CHANNELS) this.#answers.labels({ route, channel }).inc(0);
    for (const rating of RATINGS)
      for (const channel of CHANNELS) this.#feedback.labels({ rating, channel }).inc(0);
  }

  /** Sets what the scrape-time gauges read (the runtime's queues and index, once open). */
  watch(sources: ScrapeSources): void {
    this.#sources = { ...this.#sources, ...sources };
  }

  observeRequest(o: HttpObservation): void {
    this.#http
      .labels({
        method: o.method,
        route: o.route,
        channel: o.channel,
        status_code: String(o.statusCode),
      })
      .observe(o.seconds);
  }

  answered(event: { route: RouteName; channel: ChannelName; handoffReason?: HandoffReason }) {
    this.#answers.labels({ route: event.route, channel: event.channel }).inc();
    if (event.handoffReason)
      this.#handoffAnswers.labels({ reason: event.handoffReason, channel: event.channel }).inc();
  }

  handedOff(event: { reason: HandoffReason; channel: ChannelName; delivered: boolean }) {
    this.#handoffs
      .labels({ reason: event.reason, channel: event.channel, delivered: String(event.delivered) })
      .inc();
  }

  feedbackRecorded(event: { rating: 'up' | 'down'; channel: ChannelName }) {
    this.#feedback.labels({ rating: event.rating, channel: event.channel }).inc();
  }

  syncRunFinished(event: {
    source: string;
    outcome: SyncRunOutcome;
    documents?: SyncDocumentCounts;
  }) {
    this.#syncRuns.labels({ source: event.source, outcome: event.outcome }).inc();
    const documents = event.documents;
    if (!documents) return;
    for (const outcome of DOCUMENT_OUTCOMES)
      this.#syncDocuments.labels({ source: event.source, outcome }).inc(documents[outcome]);
  }

  jobFailed(event: { queue: string; job: string }) {
    this.#jobFailures.labels({ queue: event.queue, job: event.job }).inc();
  }

  /** The exposition (Prometheus text format 0.0.4), after reading the scrape-time gauges. */
  async render(): Promise<{ contentType: string; body: string }> {
    await this.#readSources();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Queue depth and index size as of now, read together (each within the timeout). A read that
   * fails leaves its series out rather than repeating an old value, and marks its collector down.
   */
  async #readSources(): Promise<void> {
    const queues = [...(this.#sources.queues ?? [])];
    const readIndex = this.#sources.indexChunks;
    const [counts, chunks] = await Promise.all([
      Promise.all(
        queues.map(([name, queue]) =>
          this.#read(`queue:${name}`, () => queue.getJobCounts(...QUEUE_STATES)),
        ),
      ),
      readIndex ? this.#read('index', readIndex) : undefined,
    ]);
    this.#queueJobs.reset();
    queues.forEach(([queue], i) => {
      const read = counts[i];
      if (read)
        for (const state of QUEUE_STATES) this.#queueJobs.set({ queue, state }, read[state] ?? 0);
    });
    this.#indexChunks.reset();
    if (chunks !== undefined) this.#indexChunks.set({ index: 'knowledge' }, chunks);
  }

  /** A scrape-time read within the timeout; `undefined` (and its collector down) when it fails. */
  async #read<T>(collector: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await within(read(), this.#timeoutMs, collector);
      this.#collectorUp.set({ collector }, 1);
      return value;
    } catch {
      this.#collectorUp.set({ collector }, 0);
      return undefined;
    }
  }
}

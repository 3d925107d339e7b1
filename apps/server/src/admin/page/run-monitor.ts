import type { SyncStatus } from './types.ts';

/** While a run is active (or just triggered): the progress the issue asks to see live. */
const FAST_MS = 1000;
/** Otherwise, often enough to notice runs started elsewhere (schedules, file changes, the CLI). */
const SLOW_MS = 10_000;

export interface RunMonitorOptions {
  load: () => Promise<SyncStatus>;
  onStatus: (status: SyncStatus) => void;
  /** Runs of these sources ended since the last poll: their last-run summaries changed. */
  onFinished: (sources: string[]) => void;
  onError: (err: unknown) => void;
}

/**
 * Polls `GET /admin/api/status`: every second while a run is active, slowly otherwise. A run
 * triggered from the page is "expected" until a poll started after the trigger answers, so a run
 * that finishes before any poll sees it still counts as finished.
 */
export class RunMonitor {
  readonly #options: RunMonitorOptions;
  #active = new Set<string>();
  readonly #expected = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  #running = false;

  constructor(options: RunMonitorOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.#schedule(0);
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#active.clear();
    this.#expected.clear();
  }

  /** A run of `source` was just triggered: poll now, and fast until it ends. */
  expect(source: string): void {
    this.#expected.add(source);
    if (this.#running && !this.#inFlight) this.#schedule(0);
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
  }

  async #tick(): Promise<void> {
    if (!this.#running) return;
    this.#inFlight = true;
    const expected = [...this.#expected];
    try {
      const status = await this.#options.load();
      if (!this.#running) return;
      const active = new Set(status.sources.filter((s) => s.activeRun).map((s) => s.name));
      const ended = [...new Set([...this.#active, ...expected])].filter((n) => !active.has(n));
      for (const name of expected) this.#expected.delete(name);
      this.#active = active;
      this.#options.onStatus(status);
      if (ended.length) this.#options.onFinished(ended);
    } catch (err) {
      this.#options.onError(err);
    } finally {
      this.#inFlight = false;
    }
    if (!this.#running) return;
    this.#schedule(this.#active.size || this.#expected.size ? FAST_MS : SLOW_MS);
  }
}

/** `closed`: calls go through; `open`: calls are skipped; `half-open`: one probe call decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** What a health check or the admin page may show about one circuit (no URLs, no keys). */
export interface CircuitSnapshot {
  name: string;
  state: CircuitState;
  /** Failures counted towards opening (consecutive, within the window). */
  failures: number;
  /** When the circuit opened last (epoch ms), while it is open or half-open. */
  openedAt?: number;
  /** When an open circuit lets its next probe through (epoch ms). */
  retryAt?: number;
}

export interface CircuitBreakerOptions {
  /** Shown in snapshots and log lines; must not contain secrets. */
  name: string;
  /**
   * Consecutive failures (timeouts, refused connections, 5xx) that open the circuit.
   * @defaultValue 3
   */
  failureThreshold?: number;
  /**
   * Failures older than this no longer count: three failures spread over a day are noise.
   * @defaultValue 60_000
   */
  windowMs?: number;
  /**
   * How long an open circuit skips calls before it lets one probe through.
   * @defaultValue 30_000
   */
  cooldownMs?: number;
  /** Injected clock (epoch ms), for tests. @defaultValue Date.now */
  clock?: () => number;
  /** Called on every state change (the runtime writes one JSON log line). */
  onStateChange?: (snapshot: CircuitSnapshot, previous: CircuitState) => void;
}

/**
 * A small circuit breaker. A provider that hangs or refuses costs its timeout on every message;
 * after `failureThreshold` consecutive failures the circuit opens and callers go straight to
 * their offline path for `cooldownMs`, then a single probe call decides whether it closes again.
 *
 * Callers ask `tryAcquire()` before a call and report exactly one outcome on the permit it
 * returns: `success()`, `failure()` or `cancel()` (the caller gave up; says nothing about the
 * provider, and frees the probe slot).
 */
export class CircuitBreaker {
  readonly name: string;
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #cooldownMs: number;
  readonly #clock: () => number;
  readonly #onStateChange: CircuitBreakerOptions['onStateChange'];
  #state: CircuitState = 'closed';
  /** Times of the consecutive failures still inside the window. */
  #failures: number[] = [];
  #openedAt = 0;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.name = options.name;
    this.#threshold = Math.max(1, options.failureThreshold ?? 3);
    this.#windowMs = options.windowMs ?? 60_000;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#clock = options.clock ?? Date.now;
    this.#onStateChange = options.onStateChange;
  }

  get state(): CircuitState {
    this.#advance();
    return this.#state;
  }

  snapshot(): CircuitSnapshot {
    this.#advance();
    return this.#describe(this.#recentFailures());
  }

  /** A permit for one call, or undefined when the call must be skipped. */
  tryAcquire(): CircuitPermit | undefined {
    this.#advance();
    if (this.#state === 'open') return undefined;
    if (this.#state === 'half-open') {
      if (this.#probeInFlight) return undefined;
      this.#probeInFlight = true;
      return this.#permit(true);
    }
    return this.#permit(false);
  }

  #permit(probe: boolean): CircuitPermit {
    let settled = false;
    const settle = (outcome: 'success' | 'failure' | 'cancel') => {
      if (settled) return;
      settled = true;
      if (probe) this.#probeInFlight = false;
      if (outcome === 'success') this.#succeeded();
      else if (outcome === 'failure') this.#failed(probe);
    };
    return {
      success: () => settle('success'),
      failure: () => settle('failure'),
      cancel: () => settle('cancel'),
    };
  }

  #succeeded(): void {
    this.#failures = [];
    if (this.#state !== 'closed') this.#transition('closed');
  }

  #failed(probe: boolean): void {
    const now = this.#clock();
    if (probe) {
      // The probe failed: stay away for another cool-down.
      this.#openedAt = now;
      this.#transition('open');
      return;
    }
    // A call that started before the circuit opened says nothing new.
    if (this.#state !== 'closed') return;
    this.#failures = [...this.#failures.filter((t) => now - t < this.#windowMs), now];
    if (this.#failures.length >= this.#threshold) {
      this.#openedAt = now;
      this.#transition('open');
    }
  }

  /** An open circuit becomes half-open once its cool-down has passed. */
  #advance(): void {
    if (this.#state === 'open' && this.#clock() - this.#openedAt >= this.#cooldownMs) {
      this.#transition('half-open');
    }
  }

  #recentFailures(): number {
    const now = this.#clock();
    return this.#failures.filter((t) => now - t < this.#windowMs).length;
  }

  #transition(next: CircuitState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    if (next === 'closed') this.#failures = [];
    this.#onStateChange?.(this.#describe(this.#failures.length), previous);
  }

  #describe(failures: number): CircuitSnapshot {
    const snapshot: CircuitSnapshot = { name: this.name, state: this.#state, failures };
    if (this.#state !== 'closed') {
      snapshot.openedAt = this.#openedAt;
      snapshot.retryAt = this.#openedAt + this.#cooldownMs;
    }
    return snapshot;
  }
}

/** One call's right to go through; report exactly one outcome (later ones are ignored). */
export interface CircuitPermit {
  success(): void;
  failure(): void;
  cancel(): void;
}

/** Which limit ended a call. */
export type DeadlineKind = 'first_token' | 'stall' | 'total';

/**
 * The time limits of one provider call, as one AbortSignal. The signal also follows the
 * caller's own signal, and it is handed to the HTTP client (through `fetch`) so a call that
 * runs out of time really closes its connection instead of streaming on in the background.
 */
export class CallDeadline {
  readonly #controller = new AbortController();
  readonly #timers = new Map<DeadlineKind, ReturnType<typeof setTimeout>>();
  readonly #parent: AbortSignal | undefined;
  readonly #onParentAbort = () => this.#controller.abort(this.#parent?.reason);
  #expired: DeadlineKind | undefined;

  constructor(parent?: AbortSignal) {
    this.#parent = parent;
    if (parent?.aborted) this.#controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.#onParentAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The limit that ended the call, if one did (undefined after a caller abort). */
  get expired(): DeadlineKind | undefined {
    return this.#expired;
  }

  /** (Re)starts the `kind` limit: the call is aborted unless it is cleared within `ms`. */
  arm(kind: DeadlineKind, ms: number): void {
    this.clear(kind);
    const timer = setTimeout(() => {
      if (this.#controller.signal.aborted) return;
      this.#expired = kind;
      this.#controller.abort(new Error(`provider call exceeded its ${kind} limit (${ms} ms)`));
    }, ms);
    timer.unref?.();
    this.#timers.set(kind, timer);
  }

  clear(kind: DeadlineKind): void {
    const timer = this.#timers.get(kind);
    if (timer) clearTimeout(timer);
    this.#timers.delete(kind);
  }

  /**
   * Settles with `promise`, or rejects as soon as the call is aborted: some clients only look at
   * their signal between chunks, and a hung socket never delivers the next one.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? new Error('aborted'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Ends the call: stops the timers and aborts whatever is still in flight. */
  dispose(): void {
    for (const kind of [...this.#timers.keys()]) this.clear(kind);
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
    if (!this.#controller.signal.aborted) this.#controller.abort(new Error('provider call ended'));
  }

  /** A `fetch` whose requests are also cancelled by this deadline. */
  fetch(): typeof fetch {
    const signal = this.#controller.signal;
    return (input, init) =>
      fetch(input, {
        ...init,
        signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
      });
  }
}

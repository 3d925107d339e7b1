/**
 * Calls `action` once `ms` have passed since the last `poke()`: work deferred until writes go
 * quiet. The timer never keeps the process alive (`unref`), and `cancel()` stops it for good.
 */
export class IdleTimer {
  readonly #ms: number;
  readonly #action: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #cancelled = false;

  constructor(ms: number, action: () => void) {
    this.#ms = ms;
    this.#action = action;
  }

  poke(): void {
    if (this.#cancelled) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#action();
    }, this.#ms);
    this.#timer.unref();
  }

  cancel(): void {
    this.#cancelled = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

import { isSwitchboardError, SwitchboardError } from '@switchboard/core';

/**
 * Runs an embedded index's operations one at a time: they share the served table, its mirror
 * and version counter, which an interleaved write, reload or table switch would corrupt. Storage
 * errors become INDEX_UNAVAILABLE; once closed, operations are refused (closing twice is harmless).
 */
export class OperationQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** Refuses every operation queued after the current one. */
  markClosed(): void {
    this.#closed = true;
  }

  run<T>(operation: string, task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(async () => {
      if (this.#closed) {
        if (operation === 'close') return undefined as T;
        throw new SwitchboardError('INDEX_UNAVAILABLE', `Embedded index is closed (${operation})`);
      }
      try {
        return await task();
      } catch (err) {
        if (isSwitchboardError(err)) throw err;
        throw new SwitchboardError('INDEX_UNAVAILABLE', `Embedded index ${operation} failed`, {
          cause: err,
        });
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

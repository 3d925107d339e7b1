// The part of cli-progress (3.x, no types of its own) that `run-progress.ts` uses.
declare module 'cli-progress' {
  interface BarOptions {
    format?: string;
    /** Written to with `write`; drawn only when `isTTY` (its `columns` bound the line). */
    stream?: { write(text: string): unknown; isTTY?: boolean; columns?: number };
    barsize?: number;
    barCompleteChar?: string;
    barIncompleteChar?: string;
    /** An empty bar (not a full one) while the total is 0. */
    emptyOnZero?: boolean;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    /** True: cut lines to the terminal's width; false (its default): turn the terminal's wrapping off while drawing. */
    linewrap?: boolean;
    fps?: number;
  }
  class SingleBar {
    constructor(options: BarOptions);
    start(total: number, startValue: number, payload?: Record<string, unknown>): void;
    update(current: number, payload?: Record<string, unknown>): void;
    setTotal(total: number): void;
    stop(): void;
  }
  const progress: { SingleBar: typeof SingleBar };
  export default progress;
}

import { stat, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface CommitSignalOptions {
  /** Database directory (the stamp file lives there). */
  directory: string;
  /** Logical table name: one signal per logical table, whichever physical table serves it. */
  logical: string;
  /**
   * Other files whose change means "check": the table pointer, so a pointer moved or deleted by
   * hand is followed too.
   */
  alsoWatch?: string[];
  /**
   * Least time between two looks at the stamp file; a commit by another process becomes visible
   * within about this long.
   * @defaultValue 250
   */
  intervalMs?: number;
  /**
   * A full check (pointer and table version) is asked for at least this often even when the stamp
   * did not move: a commit by a writer that did not stamp (an older version of this code, a
   * failed stamp write) still shows up.
   * @defaultValue 10_000
   */
  fullCheckMs?: number;
  /** Injected by tests. @defaultValue Date.now */
  clock?: () => number;
}

/** Commits announced per stamp file by the indexes of this process (shared by all instances). */
const generations = new Map<string, number>();

/**
 * A stamp younger than this may be followed by another write in the same timestamp tick, which
 * would leave the stamp unchanged (file times are as coarse as the kernel's tick): until it is
 * this old, every look asks for a full check (as git treats "racily clean" files).
 */
const RACY_MS = 1000;

/**
 * Tells an embedded index cheaply whether someone may have committed since it last checked, so
 * the full check (pointer file, LanceDB version: a file read and a manifest lookup) runs only
 * then, not before every search and `/healthz`.
 *
 * - In this process: a counter per table that every instance bumps after a commit; comparing it
 *   is free, so instances sharing a directory in one process see each other's writes at once.
 * - Across processes: the writer moves the times of a stamp file `<logical>.commit-stamp` after
 *   each commit; readers `stat` it (and the table pointer) at most every `intervalMs` and compare
 *   identity, size and times.
 */
export class CommitSignal {
  readonly file: string;
  readonly #watched: string[];
  readonly #intervalMs: number;
  readonly #fullCheckMs: number;
  readonly #clock: () => number;
  #seenGeneration: number;
  #observedGeneration: number;
  #settledStamp: string;
  #observedStamp: string;
  #nextLookAt = 0;
  #nextFullCheckAt: number;

  private constructor(file: string, options: CommitSignalOptions, stamp: string) {
    this.file = file;
    this.#watched = [file, ...(options.alsoWatch ?? [])];
    this.#intervalMs = options.intervalMs ?? 250;
    this.#fullCheckMs = options.fullCheckMs ?? 10_000;
    this.#clock = options.clock ?? Date.now;
    this.#seenGeneration = this.#observedGeneration = generations.get(file) ?? 0;
    this.#settledStamp = this.#observedStamp = stamp;
    this.#nextFullCheckAt = this.#clock() + this.#fullCheckMs;
  }

  /** Call BEFORE reading the table state that this signal will then be considered to cover. */
  static async open(options: CommitSignalOptions): Promise<CommitSignal> {
    const file = join(resolve(options.directory), `${options.logical}.commit-stamp`);
    const { key } = await readStamps([file, ...(options.alsoWatch ?? [])]);
    return new CommitSignal(file, options, key);
  }

  /**
   * True when a commit may have happened since the last `settle()`: another instance of this
   * process committed, the stamp file moved (looked at no more than every `intervalMs`), or the
   * periodic full check is due. False costs a map lookup and a clock read.
   */
  async mayHaveChanged(): Promise<boolean> {
    const generation = generations.get(this.file) ?? 0;
    this.#observedGeneration = generation;
    if (generation !== this.#seenGeneration) return true;
    const now = this.#clock();
    if (now >= this.#nextFullCheckAt) return true;
    if (now < this.#nextLookAt) return false;
    this.#nextLookAt = now + this.#intervalMs;
    const { key, mtimeMs } = await readStamps(this.#watched);
    this.#observedStamp = key;
    return key !== this.#settledStamp || now - mtimeMs < RACY_MS;
  }

  /**
   * The full check succeeded: what `mayHaveChanged` last observed is now known. `quietMs` puts
   * the next look at the disk off that long at least (after a costly reload, so that a writer
   * committing all the time cannot keep a reader reloading all the time).
   */
  settle(quietMs = 0): void {
    const now = this.#clock();
    this.#seenGeneration = this.#observedGeneration;
    this.#settledStamp = this.#observedStamp;
    this.#nextFullCheckAt = now + this.#fullCheckMs;
    this.#nextLookAt = Math.max(this.#nextLookAt, now + quietMs);
  }

  /** Forces a full check before the next operation (e.g. after a failed one). */
  invalidate(): void {
    this.#seenGeneration = -1;
  }

  /**
   * After this instance committed (its own state already includes the commit): tells the other
   * instances of this process at once, and other processes through the stamp file. The stamp is
   * moved in the background: the commit stands whether or not it lands (readers in other
   * processes then find the commit by their periodic full check), and a busy machine took
   * milliseconds per file operation, on every write.
   */
  announce(): void {
    const generation = (generations.get(this.file) ?? 0) + 1;
    generations.set(this.file, generation);
    // Up to date before this commit means up to date after it; else keep the pending check.
    if (this.#seenGeneration === generation - 1) this.#seenGeneration = generation;
    this.#observedGeneration = this.#seenGeneration;
    touch(this.file).catch(() => {});
  }
}

/**
 * Moves the stamp's times (creating it the first time). Only its times: rewriting its content
 * made ext4 flush it on close (a truncated file rewritten), 17 ms a commit on a busy machine.
 */
async function touch(file: string): Promise<void> {
  const now = new Date();
  try {
    await utimes(file, now, now);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await writeFile(file, 'Moved after every commit to this table; readers watch its times.\n');
  }
}

/**
 * What identifies the current write of each file (absent ones included), and the latest mtime
 * among them (0 when none exists).
 */
async function readStamps(files: readonly string[]): Promise<{ key: string; mtimeMs: number }> {
  const keys: string[] = [];
  let mtimeMs = 0;
  for (const file of files) {
    try {
      const s = await stat(file, { bigint: true });
      keys.push(`${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`);
      mtimeMs = Math.max(mtimeMs, Number(s.mtimeMs));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      keys.push('-');
    }
  }
  return { key: keys.join(' '), mtimeMs };
}

import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SwitchboardError } from '@switchboard/core';

/**
 * Which physical LanceDB table currently serves a logical table name, e.g. `chunks` →
 * `chunks_v3`. Full rebuilds fill `chunks_v4` next to it and then move the pointer.
 *
 * Stored as a small JSON file `<logical>.current-table.json` in the database directory rather
 * than in a LanceDB metadata table: a file written to a temporary name and renamed over the old
 * one is replaced atomically by POSIX `rename`, so a reader sees the old or the new pointer and
 * never a torn one, with no second table whose own versioning would have to be followed. Reading
 * it is one tiny file read, cheap enough to do before every operation (as the table version
 * check already is). No file means the index predates rebuilds: the logical name is the table.
 */
export class TablePointer {
  /** Absolute path of the pointer file (two pointers with the same file are the same index). */
  readonly file: string;
  /** The table name users configure (`chunks`). */
  readonly logical: string;
  /** Absolute path of the database directory. */
  readonly directory: string;

  constructor(options: { directory: string; logical: string }) {
    this.directory = resolve(options.directory);
    this.logical = options.logical;
    this.file = join(this.directory, `${options.logical}.current-table.json`);
  }

  /** Physical table name of rebuild number `version` (0 = the legacy, unversioned table). */
  physicalName(version: number): string {
    return version === 0 ? this.logical : `${this.logical}_v${version}`;
  }

  /** Rebuild number of a physical table name, or undefined when it is not one of ours. */
  versionOf(physical: string): number | undefined {
    if (physical === this.logical) return 0;
    const prefix = `${this.logical}_v`;
    if (!physical.startsWith(prefix)) return undefined;
    const rest = physical.slice(prefix.length);
    return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
  }

  /** The physical table currently serving; the logical name itself when no pointer exists. */
  async read(): Promise<string> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.logical;
      throw err;
    }
    let table: unknown;
    try {
      table = (JSON.parse(text) as { table?: unknown }).table;
    } catch (cause) {
      throw this.#corrupt(cause);
    }
    if (typeof table !== 'string' || this.versionOf(table) === undefined) throw this.#corrupt();
    return table;
  }

  /** Points the logical name at `physical`: write a temporary file, flush it, rename it over. */
  async write(physical: string): Promise<void> {
    const temporary = join(this.directory, `.${this.logical}.current-table.${randomUUID()}.tmp`);
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(`${JSON.stringify({ table: physical })}\n`, 'utf8');
        await handle.sync(); // the content must be on disk before the name points at it
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }

  #corrupt(cause?: unknown): SwitchboardError {
    return new SwitchboardError(
      'DATA_INVALID',
      `The table pointer ${this.file} is not valid; delete it to fall back to "${this.logical}"`,
      { cause, details: { file: this.file } },
    );
  }
}

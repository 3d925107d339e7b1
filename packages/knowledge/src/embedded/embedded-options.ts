/** How an `EmbeddedIndex` is opened, and the parts each of its tables is opened with. */
import type { Logger } from '@switchboard/core';
import type { LexicalIndexOptions } from '../lexical/lexical-index.ts';
import { CommitSignal } from './commit-signal.ts';
import type { MaintenancePolicyOptions } from './maintenance-policy.ts';
import { ServedTable } from './served-table.ts';
import type { TablePointer } from './table-pointer.ts';

export interface EmbeddedIndexOptions {
  /** Directory of the LanceDB database (created when missing). */
  directory: string;
  /**
   * Logical table name inside the database. After full rebuilds the rows live in a physical
   * table `<table>_vN` named by the pointer file `<table>.current-table.json`.
   * @defaultValue 'chunks'
   */
  table?: string;
  /** Options of the in-memory BM25F engine. */
  lexical?: LexicalIndexOptions;
  /**
   * Where stored chunks that cannot be read back or analysed are reported
   * (`index.chunks_skipped` warnings). Such a chunk is left out of search; the index still opens.
   * @defaultValue silentLogger
   */
  log?: Logger;
  /**
   * How often, at most, a read looks for commits made by another process (a stamp file's `stat`);
   * such a commit becomes visible within about this long, or within four times the last reload
   * when that took longer (a reader following a large index written continuously spends at most
   * a fifth of its time reloading). Commits by instances of this process are seen at once, and
   * every write checks the table first whatever this says.
   * @defaultValue 250
   */
  checkIntervalMs?: number;
  /** When the table is compacted and old versions removed (see `MaintenancePolicy`). */
  maintenance?: MaintenancePolicyOptions & {
    /**
     * Quiet time after the last write before pending maintenance runs (e.g. at the end of a
     * sync run).
     * @defaultValue 2000
     */
    idleMs?: number;
  };
}

/** Opens one physical table with this index's lexical, log and maintenance options. */
export function openServed(options: EmbeddedIndexOptions, table: string): Promise<ServedTable> {
  const { lexical, log, maintenance } = options;
  return ServedTable.open({
    directory: options.directory,
    table,
    lexical,
    ...(log ? { log } : {}),
    ...(maintenance ? { maintenance } : {}),
  });
}

/** The commit signal of the pointer's logical table (the pointer file is watched too). */
export function openSignal(
  options: EmbeddedIndexOptions,
  pointer: TablePointer,
): Promise<CommitSignal> {
  return CommitSignal.open({
    directory: options.directory,
    logical: pointer.logical,
    alsoWatch: [pointer.file],
    ...(options.checkIntervalMs === undefined ? {} : { intervalMs: options.checkIntervalMs }),
  });
}

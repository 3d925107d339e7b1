import { type Logger, silentLogger } from '@switchboard/core';
import type { LexicalIndexOptions } from '../lexical/lexical-index.ts';
import { ChunkMirror } from './chunk-mirror.ts';
import { ChunkTable, type Commit } from './chunk-table.ts';
import { logSkipped, type SkippedChunk } from './skipped-chunks.ts';

/**
 * Reads every row into a fresh mirror. Rows that cannot be read or analysed are skipped and
 * reported in one warning line; chunks that fail analysis later (on upsert) get a line each.
 */
async function loadMirror(
  store: ChunkTable,
  lexical: LexicalIndexOptions | undefined,
  log: Logger,
): Promise<ChunkMirror> {
  const skipped: SkippedChunk[] = [];
  let loading = true;
  const report = (chunk: SkippedChunk) => {
    if (loading) skipped.push(chunk);
    else logSkipped(log, store.name, [chunk]);
  };
  const mirror = new ChunkMirror(lexical, await store.readAll(report), report);
  loading = false;
  logSkipped(log, store.name, skipped);
  return mirror;
}

/**
 * What an `EmbeddedIndex` serves at one moment: one physical LanceDB table, the mirror derived
 * from it, and the table version that mirror reflects. They travel together so that switching
 * to a rebuilt table is one assignment: no operation can see the store of one table with the
 * mirror of another.
 */
export class ServedTable {
  readonly store: ChunkTable;
  readonly #lexicalOptions: LexicalIndexOptions | undefined;
  readonly #log: Logger;
  #mirror: ChunkMirror;
  /** Table version the mirror reflects; -1 = unknown, reload before the next operation. */
  #version: number;

  private constructor(options: {
    store: ChunkTable;
    mirror: ChunkMirror;
    version: number;
    lexical: LexicalIndexOptions | undefined;
    log: Logger;
  }) {
    this.store = options.store;
    this.#mirror = options.mirror;
    this.#version = options.version;
    this.#lexicalOptions = options.lexical;
    this.#log = options.log;
  }

  /** Opens `table` (created on the first write when missing) and loads its mirror completely. */
  static async open(options: {
    directory: string;
    table: string;
    lexical: LexicalIndexOptions | undefined;
    /** Where skipped chunks are reported. @defaultValue silentLogger */
    log?: Logger;
  }): Promise<ServedTable> {
    const store = await ChunkTable.open(options);
    const log = options.log ?? silentLogger;
    try {
      // Version first: a write landing before readAll only makes the next refresh reload again.
      const version = await store.latestVersion();
      const mirror = await loadMirror(store, options.lexical, log);
      return new ServedTable({ store, mirror, version, lexical: options.lexical, log });
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /** Physical table name. */
  get name(): string {
    return this.store.name;
  }

  get mirror(): ChunkMirror {
    return this.#mirror;
  }

  /** Reloads the mirror when the table changed since we last saw it (another process wrote). */
  async refresh(): Promise<void> {
    const latest = await this.store.latestVersion();
    if (latest === this.#version) return;
    // Full reload: O(rows) read plus re-analysis of every chunk. Simple and always correct; a
    // diff from LanceDB's change feed would be cheaper, but other writers are rare (ingest runs).
    this.#mirror = await loadMirror(this.store, this.#lexicalOptions, this.#log);
    this.#version = latest;
  }

  /**
   * Our own commits advance the known version one by one; any gap means another process
   * committed in between, so the mirror is marked stale and reloaded before the next operation.
   */
  applyCommits(commits: Commit[]): void {
    for (const { version } of commits) {
      this.#version = this.#version >= 0 && version === this.#version + 1 ? version : -1;
    }
  }

  close(): void {
    this.store.close();
    this.#mirror = new ChunkMirror(this.#lexicalOptions); // let the memory go
  }
}

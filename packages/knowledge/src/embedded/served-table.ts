import { type EmbeddedChunk, type Logger, silentLogger } from '@switchboard/core';
import type { LexicalIndexOptions } from '../lexical/lexical-index.ts';
import { ChunkMirror } from './chunk-mirror.ts';
import { ChunkTable, type Commit } from './chunk-table.ts';
import { LexicalSnapshotFile } from './lexical-snapshot-file.ts';
import { MaintenancePolicy, type MaintenancePolicyOptions } from './maintenance-policy.ts';
import { logSkipped, type SkippedChunk } from './skipped-chunks.ts';
import { batches, sqlIn } from './sql.ts';

/** Literals per SQL `IN (...)` predicate: long lists are deleted in several statements. */
const SQL_BATCH = 500;

/**
 * Reads every row and makes `mirror` hold exactly them, re-analysing only the chunks that are new
 * or differ (a commit by another process, or a compaction that changed nothing, costs a read,
 * not a re-analysis of the whole index). Rows that cannot be read or analysed are skipped and
 * reported in one warning line; answers the ids of rows that could not be read.
 */
async function fillMirror(
  store: ChunkTable,
  mirror: ChunkMirror,
  log: Logger,
): Promise<Set<string>> {
  const skipped: SkippedChunk[] = [];
  const collect = (chunk: SkippedChunk) => skipped.push(chunk);
  const rows = await store.readAll(collect);
  mirror.reconcile(rows, collect);
  logSkipped(log, store.name, skipped);
  return new Set(skipped.filter((s) => s.stage === 'read').map((s) => s.id));
}

/**
 * What an `EmbeddedIndex` serves at one moment: one physical LanceDB table, the mirror derived
 * from it, and the table version that mirror reflects. They travel together so that switching
 * to a rebuilt table is one assignment: no operation can see the store of one table with the
 * mirror of another.
 */
export class ServedTable {
  readonly store: ChunkTable;
  readonly mirror: ChunkMirror;
  readonly #log: Logger;
  readonly #maintenance: MaintenancePolicy;
  readonly #snapshot: LexicalSnapshotFile;
  /** Ids of stored rows that could not be read (not in the mirror, but in the table). */
  #unreadable = new Set<string>();
  /** Table version the mirror reflects; -1 = unknown, reload before the next operation. */
  #version = -1;
  #commits = 0;

  private constructor(options: {
    store: ChunkTable;
    directory: string;
    lexical: LexicalIndexOptions | undefined;
    log: Logger;
    maintenance: MaintenancePolicyOptions | undefined;
  }) {
    this.store = options.store;
    this.#log = options.log;
    this.#snapshot = new LexicalSnapshotFile({
      directory: options.directory,
      table: options.store.name,
      log: options.log,
    });
    // Chunks of later writes that fail analysis get a warning line each.
    this.mirror = new ChunkMirror(options.lexical, [], (chunk) =>
      logSkipped(options.log, options.store.name, [chunk]),
    );
    this.#maintenance = new MaintenancePolicy(options.maintenance);
  }

  /**
   * Opens `table` (created on the first write when missing) and loads its mirror completely,
   * starting from the saved lexical index when there is a usable one (see `LexicalSnapshotFile`).
   */
  static async open(options: {
    directory: string;
    table: string;
    lexical: LexicalIndexOptions | undefined;
    /** Where skipped chunks are reported. @defaultValue silentLogger */
    log?: Logger;
    maintenance?: MaintenancePolicyOptions;
  }): Promise<ServedTable> {
    const store = await ChunkTable.open(options);
    const served = new ServedTable({
      store,
      directory: options.directory,
      lexical: options.lexical,
      log: options.log ?? silentLogger,
      maintenance: options.maintenance,
    });
    try {
      const saved = await served.#snapshot.load(options.lexical);
      if (saved) {
        served.mirror.adopt(saved);
        served.#snapshot.markSaved(served.mirror);
      }
      await served.refresh();
      return served;
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /** Physical table name. */
  get name(): string {
    return this.store.name;
  }

  /** Brings the mirror up to the table's latest version when it is behind (another process wrote). */
  async refresh(): Promise<boolean> {
    // Version first: a write landing before the read only makes the next refresh read again.
    const latest = await this.store.latestVersion();
    if (latest === this.#version) return false;
    this.#unreadable = await fillMirror(this.store, this.mirror, this.#log);
    this.#version = latest;
    return true;
  }

  /**
   * Stores chunks (unique ids, validated, mirror up to date). Ids the table does not hold are
   * appended, which costs the same at any table size; a batch replacing stored rows is merged.
   */
  async write(chunks: EmbeddedChunk[], dimension: number | undefined): Promise<void> {
    const replaces = chunks.some((c) => this.mirror.has(c.id) || this.#unreadable.has(c.id));
    const commits = replaces
      ? await this.store.upsert(chunks, dimension)
      : await this.store.append(chunks, dimension);
    this.applyCommits(commits);
    for (const { vector: _vector, ...chunk } of chunks) {
      this.mirror.put(chunk);
      this.#unreadable.delete(chunk.id);
    }
  }

  /** Deletes the stored chunks of these documents; answers the rows removed. */
  async deleteDocuments(docIds: string[]): Promise<number> {
    const present = [...new Set(docIds)].filter((d) => this.mirror.hasDocument(d));
    if (this.#unreadable.size === 0) {
      // By id, through the id index (the mirror is up to date: writes check first).
      return this.deleteChunks(present.flatMap((d) => this.mirror.list(d).map((c) => c.id)));
    }
    // Rows that could not be read are not mirrored: only a docId predicate reaches them.
    return this.#deleteWhere('docId', present, (docId) => this.mirror.dropDocument(docId));
  }

  /** Deletes stored chunks by id (ids not held are ignored); answers the rows removed. */
  deleteChunks(chunkIds: string[]): Promise<number> {
    const present = [...new Set(chunkIds)].filter((id) => this.mirror.has(id));
    return this.#deleteWhere('id', present, (id) => this.mirror.drop(id));
  }

  async #deleteWhere(
    column: 'id' | 'docId',
    values: string[],
    dropFromMirror: (value: string) => void,
  ): Promise<number> {
    let removed = 0;
    for (const batch of batches(values, SQL_BATCH)) {
      const commit = await this.store.delete(sqlIn(column, batch));
      if (!commit) continue;
      this.applyCommits([commit]);
      for (const value of batch) dropFromMirror(value);
      removed += commit.rows;
    }
    return removed;
  }

  /**
   * Our own commits advance the known version one by one; any gap means another process
   * committed in between, so the mirror is marked stale and reloaded before the next operation.
   */
  applyCommits(commits: Commit[]): void {
    this.#commits += commits.length;
    for (const { version } of commits) {
      this.#version = this.#version >= 0 && version === this.#version + 1 ? version : -1;
      this.#maintenance.recordCommit();
    }
  }

  /** Commits this process made to the table so far. */
  get commits(): number {
    return this.#commits;
  }

  /** Writes were committed since the last maintenance. */
  get maintenancePending(): boolean {
    return this.#maintenance.pending;
  }

  /** Enough was written that maintenance should run before the next write. */
  get maintenanceDue(): boolean {
    return this.#maintenance.due;
  }

  /**
   * Compacts the table, updates its id index and removes old versions (see `ChunkTable.maintain`).
   * The content does not change, so the mirror is kept: the version maintenance leaves is
   * adopted when the row count still matches the mirror (else someone else wrote: reload).
   * Call with the mirror up to date.
   */
  async maintain(): Promise<void> {
    const known = this.#version;
    try {
      const cleanupOlderThan = new Date(Date.now() - this.#maintenance.keepVersionsMs);
      const { version, rows } = await this.store.maintain({ cleanupOlderThan });
      const mirrored = this.mirror.size + this.#unreadable.size;
      this.#version = known >= 0 && rows === mirrored ? version : -1;
      this.#maintenance.maintained(rows);
    } catch (err) {
      this.#version = -1;
      throw err;
    }
  }

  /**
   * Saves the lexical index beside the table when this process wrote to it and it changed since
   * the last save (a reader's copy only follows the writer's). Never throws.
   */
  async saveLexical(): Promise<void> {
    if (this.#commits > 0) await this.#snapshot.save(this.mirror);
  }

  /** Drops another table of the database and its saved lexical index (see `ChunkTable.dropSibling`). */
  async dropSibling(name: string): Promise<void> {
    await this.store.dropSibling(name);
    await this.#snapshot.removeSibling(name);
  }

  close(): void {
    this.store.close();
    this.mirror.clear(); // let the memory go
  }
}

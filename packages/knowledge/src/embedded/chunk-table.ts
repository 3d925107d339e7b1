import type { Connection, Table } from '@lancedb/lancedb';
import type { Chunk, EmbeddedChunk } from '@switchboard/core';
import {
  CHUNK_COLUMNS,
  chunkSchema,
  fromRow,
  nullVectorSql,
  toRow,
  VECTOR_COLUMN,
} from './chunk-rows.ts';
import { type ReportSkipped, skipReason } from './skipped-chunks.ts';

/** The result of one committed write: the table version it produced, and rows it touched. */
export interface Commit {
  version: number;
  rows: number;
}

/**
 * The LanceDB side of the embedded index: one connection, one table, created on the first write.
 * It knows storage (schema, SQL, versions) and nothing about ranking.
 */
export class ChunkTable {
  #table: Table | undefined;
  #dimension: number | undefined;

  private constructor(
    private readonly db: Connection,
    /** Physical table name inside the database. */
    readonly name: string,
  ) {}

  static async open(options: { directory: string; table: string }): Promise<ChunkTable> {
    // Imported here, not at the top, so importing the package never loads the native binary
    // (the Qdrant backend, the CLI's --help, unit tests of other modules do not need it).
    const lancedb = await import('@lancedb/lancedb');
    // readConsistencyInterval 0: every read checks for commits by other processes (e.g. an
    // ingest worker writing while the server answers); without it they stay invisible.
    const db = await lancedb.connect(options.directory, { readConsistencyInterval: 0 });
    const store = new ChunkTable(db, options.table);
    await store.#attach();
    return store;
  }

  /** Vector dimension fixed by the first vector upsert; `undefined` while lexical-only. */
  get dimension(): number | undefined {
    return this.#dimension;
  }

  /** Latest committed version (0 while the table does not exist), including other writers'. */
  async latestVersion(): Promise<number> {
    if (!this.#table) await this.#attach();
    return this.#table ? await this.#table.version() : 0;
  }

  /**
   * All rows without vectors. Re-reads the schema, since another process may have added vectors.
   * A row that is not a valid chunk is skipped and reported, never thrown: one bad row must not
   * stop the index from opening.
   */
  async readAll(reportSkipped: ReportSkipped = () => {}): Promise<Chunk[]> {
    if (!this.#table) return [];
    this.#dimension = await readDimension(this.#table);
    const rows = await this.#table
      .query()
      .select([...CHUNK_COLUMNS])
      .toArray();
    return readRows(rows, reportSkipped, (record) => fromRow(record));
  }

  /** All rows with their vectors (when the table has them): what a rebuild carries over. */
  async readEmbedded(reportSkipped: ReportSkipped = () => {}): Promise<EmbeddedChunk[]> {
    if (!this.#table) return [];
    this.#dimension = await readDimension(this.#table);
    const columns = [...CHUNK_COLUMNS, ...(this.#dimension === undefined ? [] : [VECTOR_COLUMN])];
    const rows = await this.#table.query().select(columns).toArray();
    return readRows(rows, reportSkipped, (record) => {
      const chunk: EmbeddedChunk = fromRow(record);
      const vector = record[VECTOR_COLUMN] as ArrayLike<number> | null | undefined;
      if (vector) chunk.vector = Array.from(vector);
      return chunk;
    });
  }

  /** Inserts or replaces rows by id in one merge; may first create the table or add the vector column. */
  async upsert(chunks: EmbeddedChunk[], dimension: number | undefined): Promise<Commit[]> {
    const commits: Commit[] = [];
    const table = await this.#writable(dimension, commits);
    const withVector = this.#dimension !== undefined;
    const result = await table
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(chunks.map((chunk) => toRow(chunk, withVector)));
    commits.push({ version: result.version, rows: result.numInsertedRows + result.numUpdatedRows });
    return commits;
  }

  /**
   * Appends rows whose ids the caller knows are not stored yet. Unlike a merge, an append reads
   * nothing back, so its cost does not grow with the table (a merge on 100k uncompacted rows
   * without an index took 170 ms, an append 14 ms; see .switchboard/exp/lance-writes.ts).
   */
  async append(chunks: EmbeddedChunk[], dimension: number | undefined): Promise<Commit[]> {
    const commits: Commit[] = [];
    const table = await this.#writable(dimension, commits);
    const withVector = this.#dimension !== undefined;
    const result = await table.add(chunks.map((chunk) => toRow(chunk, withVector)));
    commits.push({ version: result.version, rows: chunks.length });
    return commits;
  }

  /** Deletes rows matching a SQL predicate; no commit when the table does not exist yet. */
  async delete(predicate: string): Promise<Commit | undefined> {
    if (!this.#table) return undefined;
    const result = await this.#table.delete(predicate);
    return { version: result.version, rows: result.numDeletedRows };
  }

  /**
   * Compacts small fragments (one per write), brings the id index up to date (creating it on a
   * table that predates it) and removes versions older than `cleanupOlderThan`. Content is
   * unchanged; answers the version it leaves and the row count.
   */
  async maintain(options: { cleanupOlderThan: Date }): Promise<{ version: number; rows: number }> {
    const table = this.#table;
    if (!table) return { version: 0, rows: 0 };
    if (!(await table.listIndices()).some((index) => index.columns.includes('id'))) {
      await createIdIndex(table);
    }
    await table.optimize({ cleanupOlderThan: options.cleanupOlderThan });
    return { version: await table.version(), rows: await table.countRows() };
  }

  /** Nearest rows by cosine distance (brute force without an ANN index; rows without vectors never match). */
  async nearest(
    vector: number[],
    options: { limit: number; where?: string },
  ): Promise<Array<{ id: string; similarity: number }>> {
    if (!this.#table || this.#dimension === undefined) return [];
    let query = this.#table
      .query()
      .nearestTo(vector)
      .column(VECTOR_COLUMN)
      .distanceType('cosine')
      .select(['id'])
      .limit(options.limit);
    if (options.where !== undefined) query = query.where(options.where);
    const rows = await query.toArray();
    return rows.map((row) => ({
      id: String(row.id),
      similarity: 1 - Number(row._distance),
    }));
  }

  /**
   * Drops another table of the same database when it exists (a replaced or unfinished rebuild
   * table). Refuses this store's own table, which is still in use.
   */
  async dropSibling(name: string): Promise<void> {
    if (name === this.name) throw new Error(`Refusing to drop the table in use (${name})`);
    if ((await this.db.tableNames()).includes(name)) await this.db.dropTable(name);
  }

  close(): void {
    this.#table?.close();
    this.db.close();
  }

  async #attach(): Promise<void> {
    const names = await this.db.tableNames();
    if (!names.includes(this.name)) return;
    this.#table = await this.db.openTable(this.name);
    this.#dimension = await readDimension(this.#table);
  }

  /** The table, created (with its id index) or given its vector column first when needed. */
  async #writable(dimension: number | undefined, commits: Commit[]): Promise<Table> {
    const table = this.#table ?? (await this.#create(dimension, commits));
    if (dimension !== undefined && this.#dimension === undefined) {
      const added = await table.addColumns([
        { name: VECTOR_COLUMN, valueSql: nullVectorSql(dimension) },
      ]);
      commits.push({ version: added.version, rows: 0 });
      this.#dimension = dimension;
    }
    return table;
  }

  async #create(dimension: number | undefined, commits: Commit[]): Promise<Table> {
    // existOk: another process may have created it since we looked; then its schema wins.
    const table = await this.db.createEmptyTable(this.name, chunkSchema(dimension), {
      existOk: true,
    });
    const created = await table.version();
    this.#table = table;
    this.#dimension = await readDimension(table);
    commits.push({ version: created, rows: 0 });
    if (created === 1) {
      // Ours (version 1 is a new table's first): index the ids while it is empty.
      await createIdIndex(table);
      commits.push({ version: await table.version(), rows: 0 });
    }
    return table;
  }
}

/**
 * A scalar (B-tree) index on `id`: merges and deletes by id look rows up in it instead of
 * scanning every row. Rows written after it are covered again by the next `maintain`.
 */
async function createIdIndex(table: Table): Promise<void> {
  const { Index } = await import('@lancedb/lancedb');
  await table.createIndex('id', { config: Index.btree() });
}

function readRows<T>(
  rows: readonly unknown[],
  reportSkipped: ReportSkipped,
  read: (record: Record<string, unknown>) => T,
): T[] {
  const out: T[] = [];
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    try {
      out.push(read(record));
    } catch (error) {
      const id = String(record.id ?? '');
      const docId = String(record.docId ?? '');
      reportSkipped({ id, docId, stage: 'read', reason: skipReason(error) });
    }
  }
  return out;
}

// Duck-typed, not `instanceof FixedSizeList`: LanceDB's CommonJS build loads apache-arrow's CJS
// copy while this ESM module gets the .mjs one, so their classes are not the same objects.
async function readDimension(table: Table): Promise<number | undefined> {
  const type: unknown = (await table.schema()).fields.find((f) => f.name === VECTOR_COLUMN)?.type;
  const size = (type as { listSize?: unknown } | undefined)?.listSize;
  return typeof size === 'number' ? size : undefined;
}

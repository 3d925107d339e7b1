import {
  type Chunk,
  type CommitRebuildOptions,
  type EmbeddedChunk,
  isSwitchboardError,
  type KnowledgeIndex,
  type Logger,
  type ScoredChunk,
  type SearchQuery,
  SwitchboardError,
} from '@switchboard/core';
import { LexicalIndex, type LexicalIndexOptions } from '../lexical/lexical-index.ts';
import { checkChunks, checkLimit } from './checks.ts';
import { OperationQueue } from './operation-queue.ts';
import { searchServedTable } from './search-served-table.ts';
import { ServedTable } from './served-table.ts';
import { batches, sqlIn } from './sql.ts';
import { TablePointer } from './table-pointer.ts';

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
}

// Literals per SQL `IN (...)` predicate: long lists are deleted in several statements.
const SQL_BATCH = 500;
/** Rows per upsert when a rebuild carries other sources over. */
const CARRY_OVER_BATCH = 1000;

/**
 * The default, serverless knowledge index. LanceDB on local disk is the single source of truth;
 * an in-memory mirror of the rows (without vectors) and a BM25F `LexicalIndex` are derived from
 * it on open and kept in sync on every write. Dense search runs in LanceDB (cosine); both sides
 * are fused by reciprocal rank fusion.
 *
 * Several processes may share the directory (e.g. an ingest worker and the server): before each
 * operation the table version is checked, and a commit by someone else triggers a full reload.
 *
 * Full rebuilds (`beginRebuild` / `commitRebuild`) fill a fresh physical table and then move a
 * pointer file (see `TablePointer`), so queries see the old or the new index, never a half-built
 * one. The pointer is read where the table version is checked, so other processes follow it.
 * Set `LANCEDB_LOG=error` in the environment to silence LanceDB's Rust warnings.
 */
export class EmbeddedIndex implements KnowledgeIndex {
  readonly kind = 'embedded';
  /** Replaced as a whole (one assignment) when the index switches to a rebuilt table. */
  #served: ServedTable;
  readonly #pointer: TablePointer;
  /** True for an index returned by `beginRebuild`: it writes its own table, never follows the pointer. */
  readonly #pinned: boolean;
  readonly #lexicalOptions: LexicalIndexOptions | undefined;
  readonly #log: Logger | undefined;
  readonly #queue = new OperationQueue();

  private constructor(options: {
    served: ServedTable;
    pointer: TablePointer;
    pinned: boolean;
    lexical: LexicalIndexOptions | undefined;
    log: Logger | undefined;
  }) {
    this.#served = options.served;
    this.#pointer = options.pointer;
    this.#pinned = options.pinned;
    this.#lexicalOptions = options.lexical;
    this.#log = options.log;
  }

  static async open(options: EmbeddedIndexOptions): Promise<EmbeddedIndex> {
    // Validate lexical options before touching the disk, so a config error names the option.
    new LexicalIndex(options.lexical);
    const { directory, lexical, log } = options;
    const pointer = new TablePointer({ directory, logical: options.table ?? 'chunks' });
    let served: ServedTable;
    try {
      const table = await pointer.read();
      served = await ServedTable.open({ directory, table, lexical, ...(log ? { log } : {}) });
    } catch (cause) {
      if (isSwitchboardError(cause)) throw cause;
      throw new SwitchboardError(
        'INDEX_UNAVAILABLE',
        `Cannot open the embedded index at ${options.directory}`,
        { cause },
      );
    }
    return new EmbeddedIndex({ served, pointer, pinned: false, lexical, log });
  }

  upsert(chunks: EmbeddedChunk[]): Promise<void> {
    return this.#serial('upsert', async () => {
      if (chunks.length === 0) return;
      // Last one wins for repeated ids, as if they had been upserted one after the other.
      const unique = [...new Map(chunks.map((c) => [c.id, c])).values()];
      await this.#sync();
      const served = this.#served;
      const dimension = checkChunks(unique, served.store.dimension);
      served.applyCommits(await served.store.upsert(unique, dimension));
      for (const { vector: _vector, ...chunk } of unique) served.mirror.put(chunk);
    });
  }

  deleteDocuments(docIds: string[]): Promise<number> {
    return this.#serial('deleteDocuments', async () => {
      await this.#sync();
      const present = [...new Set(docIds)].filter((d) => this.#served.mirror.hasDocument(d));
      let removed = 0;
      for (const batch of batches(present, SQL_BATCH)) {
        removed += await this.#delete(sqlIn('docId', batch));
        for (const docId of batch) this.#served.mirror.dropDocument(docId);
      }
      return removed;
    });
  }

  deleteChunks(chunkIds: string[]): Promise<number> {
    return this.#serial('deleteChunks', async () => {
      await this.#sync();
      const present = [...new Set(chunkIds)].filter((id) => this.#served.mirror.has(id));
      let removed = 0;
      for (const batch of batches(present, SQL_BATCH)) {
        removed += await this.#delete(sqlIn('id', batch));
        for (const id of batch) this.#served.mirror.drop(id);
      }
      return removed;
    });
  }

  search(query: SearchQuery): Promise<ScoredChunk[]> {
    return this.#serial('search', async () => {
      checkLimit(query.limit);
      await this.#sync();
      return searchServedTable(this.#served, query);
    });
  }

  listChunks(filter?: {
    docId?: string;
    source?: string;
  }): Promise<Array<Pick<Chunk, 'id' | 'docId' | 'hash'>>> {
    return this.#serial('listChunks', async () => {
      await this.#sync();
      return this.#served.mirror
        .list(filter?.docId)
        .filter((c) => filter?.source === undefined || c.source === filter.source)
        .sort((a, b) =>
          a.docId === b.docId ? a.position - b.position : a.docId < b.docId ? -1 : 1,
        )
        .map(({ id, docId, hash }) => ({ id, docId, hash }));
    });
  }

  getDocumentChunks(docId: string): Promise<Chunk[]> {
    return this.#serial('getDocumentChunks', async () => {
      await this.#sync();
      // Copies: the mirror's chunks are shared with the lexical index and must not be mutated.
      return this.#served.mirror
        .list(docId)
        .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
        .map((c) => structuredClone(c));
    });
  }

  count(): Promise<number> {
    return this.#serial('count', async () => {
      await this.#sync();
      return this.#served.mirror.size;
    });
  }

  /**
   * Starts a full rebuild: drops `<table>_v(N+1)` if an aborted or crashed rebuild left it
   * behind and returns an index writing into that fresh, empty table. This index (and every
   * other process) keeps serving the current table until `commitRebuild`.
   */
  beginRebuild(): Promise<EmbeddedIndex> {
    return this.#queue.run('beginRebuild', async () => {
      this.#refusePinned('beginRebuild');
      const pointer = this.#pointer;
      const current = await pointer.read();
      const table = pointer.physicalName((pointer.versionOf(current) ?? 0) + 1);
      await this.#served.store.dropSibling(table);
      const lexical = this.#lexicalOptions;
      const log = this.#log;
      const served = await ServedTable.open({
        directory: pointer.directory,
        table,
        lexical,
        ...(log ? { log } : {}),
      });
      return new EmbeddedIndex({ served, pointer, pinned: true, lexical, log });
    });
  }

  /**
   * Makes the rebuilt table current: waits for `next`'s pending writes, takes over its table and
   * its already complete mirror (`next` is closed), moves the pointer atomically, swaps this
   * index onto the new table in one synchronous step, then drops the replaced table. Operations
   * queued on this index run before (old content) or after (new content), never in between.
   */
  commitRebuild(next: EmbeddedIndex, options?: CommitRebuildOptions): Promise<void> {
    return this.#queue.run('commitRebuild', async () => {
      this.#checkRebuild(next, 'commitRebuild');
      const carryOver = options?.carryOver;
      if (carryOver) {
        // Inside this index's queue: no write of this process lands between copy and switch.
        await this.#sync();
        const kept = (await this.#served.store.readEmbedded()).filter(
          (chunk) => chunk.source !== carryOver.exceptSource,
        );
        for (const batch of batches(kept, CARRY_OVER_BATCH)) await next.upsert(batch);
      }
      const taken = await next.#handOver();
      let previous: string;
      try {
        previous = await this.#pointer.read();
        await this.#pointer.write(taken.name);
      } catch (err) {
        taken.close();
        throw err;
      }
      const replaced = this.#served;
      this.#served = taken;
      replaced.close();
      // Another process may still be reading the replaced table; it re-reads the pointer and
      // retries once when its read fails (see #retryAfterSwitch).
      if (previous !== taken.name) await taken.store.dropSibling(previous);
    });
  }

  /** Abandons a rebuild: closes `next` and drops its unfinished table; the current one keeps serving. */
  abortRebuild(next: EmbeddedIndex): Promise<void> {
    return this.#queue.run('abortRebuild', async () => {
      this.#checkRebuild(next, 'abortRebuild');
      await next.close();
      const table = next.#served.name;
      if ((await this.#pointer.read()) === table) {
        throw new SwitchboardError('BAD_REQUEST', 'abortRebuild: this rebuild was committed', {
          details: { table },
        });
      }
      if (table !== this.#served.name) await this.#served.store.dropSibling(table);
    });
  }

  close(): Promise<void> {
    return this.#queue.run('close', async () => {
      this.#queue.markClosed();
      this.#served.close();
    });
  }

  /**
   * Follows the pointer to another table (a rebuild committed elsewhere: the new table and its
   * mirror are loaded completely, then swapped in), then reloads the mirror when the table
   * changed since we last saw it (another process wrote).
   */
  async #sync(): Promise<void> {
    if (!this.#pinned) {
      const table = await this.#pointer.read();
      if (table !== this.#served.name) {
        const { directory } = this.#pointer;
        const lexical = this.#lexicalOptions;
        const log = this.#log;
        const served = await ServedTable.open({
          directory,
          table,
          lexical,
          ...(log ? { log } : {}),
        });
        const replaced = this.#served;
        this.#served = served;
        replaced.close();
      }
    }
    await this.#served.refresh();
  }

  /** Gives this rebuild index's table (with its complete mirror) to the committing index, and closes. */
  #handOver(): Promise<ServedTable> {
    return this.#queue.run('commitRebuild', async () => {
      await this.#sync();
      this.#queue.markClosed(); // the table now belongs to the committing index: close() must not close it
      return this.#served;
    });
  }

  #checkRebuild(next: EmbeddedIndex, operation: string): void {
    this.#refusePinned(operation);
    if (next === this || !next.#pinned || next.#pointer.file !== this.#pointer.file) {
      throw new SwitchboardError('BAD_REQUEST', `${operation} needs an index from beginRebuild`, {
        details: { table: this.#pointer.logical, next: next.#served.name },
      });
    }
  }

  #refusePinned(operation: string): void {
    if (!this.#pinned) return;
    throw new SwitchboardError(
      'BAD_REQUEST',
      `${operation} must be called on the live index, not on a rebuild in progress`,
    );
  }

  async #delete(predicate: string): Promise<number> {
    const served = this.#served;
    const commit = await served.store.delete(predicate);
    if (!commit) return 0;
    served.applyCommits([commit]);
    return commit.rows;
  }

  /** Queues a data operation; rebuild steps and close use the queue directly, never retried. */
  #serial<T>(operation: string, task: () => Promise<T>): Promise<T> {
    return this.#queue.run(operation, () => this.#retryAfterSwitch(task));
  }

  /**
   * Runs `task`, and once more if it failed because another process committed a rebuild and
   * dropped our table between our pointer check and our read: the retry's sync follows the pointer.
   */
  async #retryAfterSwitch<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (err) {
      if (this.#pinned || isSwitchboardError(err)) throw err;
      const current = await this.#pointer.read().catch(() => this.#served.name);
      if (current === this.#served.name) throw err;
      return await task();
    }
  }
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type Chunk,
  type CommitRebuildOptions,
  type EmbeddedChunk,
  isSwitchboardError,
  type KnowledgeIndex,
  type ScoredChunk,
  type SearchQuery,
  SwitchboardError,
} from '@switchboard/core';
import { LexicalIndex } from '../lexical/lexical-index.ts';
import { checkChunks, checkLimit } from './checks.ts';
import type { CommitSignal } from './commit-signal.ts';
import { type EmbeddedIndexOptions, openServed, openSignal } from './embedded-options.ts';
import { IdleTimer } from './idle-timer.ts';
import { DEFAULT_KEEP_VERSIONS_MS } from './maintenance-policy.ts';
import { OperationQueue } from './operation-queue.ts';
import { searchServedTable } from './search-served-table.ts';
import type { ServedTable } from './served-table.ts';
import { batches } from './sql.ts';
import { TablePointer } from './table-pointer.ts';

export type { EmbeddedIndexOptions } from './embedded-options.ts';

/** Rows per upsert when a rebuild carries other sources over. */
const CARRY_OVER_BATCH = 1000;

/**
 * The default, serverless knowledge index. LanceDB on local disk is the single source of truth;
 * an in-memory mirror of the rows (without vectors) and a BM25F `LexicalIndex` are derived from
 * it on open and kept in sync on every write. Dense search runs in LanceDB (cosine); both sides
 * are fused by reciprocal rank fusion.
 *
 * Several processes may share the directory (e.g. an ingest worker and the server). Whether
 * anyone else committed is asked of a `CommitSignal` (free within this process, a throttled
 * `stat` across processes); only then are the pointer file and the table version read, and the
 * mirror brought up to date (re-analysing only what changed). Writes always check first. One
 * process writes at a time (the sync worker); others read.
 *
 * Writes of new ids are appended (a merge only for ids already stored), the table has a B-tree
 * index on `id`, and it is compacted with its old versions removed once enough was written and
 * when writes go quiet, so a write costs about the same at any table size.
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
  readonly #signal: CommitSignal;
  /** True for an index returned by `beginRebuild`: it writes its own table, never follows the pointer. */
  readonly #pinned: boolean;
  readonly #options: EmbeddedIndexOptions;
  readonly #queue = new OperationQueue();
  readonly #idle: IdleTimer;
  /** After maintenance: once more when the versions it had to keep are old enough to go. */
  readonly #cleanup: IdleTimer;
  /** Maintenance running outside the queue (see #startMaintenance); never rejects. */
  #maintaining: Promise<void> | undefined;
  /** A save of the lexical index running outside the queue (see #startSave); never rejects. */
  #saving: Promise<void> | undefined;

  private constructor(options: {
    served: ServedTable;
    pointer: TablePointer;
    signal: CommitSignal;
    pinned: boolean;
    options: EmbeddedIndexOptions;
  }) {
    this.#served = options.served;
    this.#pointer = options.pointer;
    this.#signal = options.signal;
    this.#pinned = options.pinned;
    this.#options = options.options;
    const maintenance = options.options.maintenance;
    this.#idle = new IdleTimer(maintenance?.idleMs ?? 2000, () => this.#maintainWhenIdle(false));
    const keep = maintenance?.keepVersionsMs ?? DEFAULT_KEEP_VERSIONS_MS;
    this.#cleanup = new IdleTimer(keep + 1000, () => this.#maintainWhenIdle(true));
  }

  static async open(options: EmbeddedIndexOptions): Promise<EmbeddedIndex> {
    // Validate lexical options before touching the disk, so a config error names the option.
    new LexicalIndex(options.lexical);
    const { directory } = options;
    const logical = options.table ?? 'chunks';
    const pointer = new TablePointer({ directory, logical });
    let served: ServedTable;
    let signal: CommitSignal;
    try {
      // The signal first: a commit landing while the table loads moves it again.
      signal = await openSignal(options, pointer);
      served = await openServed(options, await pointer.read());
    } catch (cause) {
      if (isSwitchboardError(cause)) throw cause;
      throw new SwitchboardError(
        'INDEX_UNAVAILABLE',
        `Cannot open the embedded index at ${options.directory}`,
        { cause },
      );
    }
    return new EmbeddedIndex({ served, pointer, signal, pinned: false, options });
  }

  upsert(chunks: EmbeddedChunk[]): Promise<void> {
    return this.#write('upsert', async () => {
      if (chunks.length === 0) return;
      // Last one wins for repeated ids, as if they had been upserted one after the other.
      const unique = [...new Map(chunks.map((c) => [c.id, c])).values()];
      const served = this.#served;
      const dimension = checkChunks(unique, served.store.dimension);
      await served.write(unique, dimension);
    });
  }

  deleteDocuments(docIds: string[]): Promise<number> {
    return this.#write('deleteDocuments', () => this.#served.deleteDocuments(docIds));
  }

  deleteChunks(chunkIds: string[]): Promise<number> {
    return this.#write('deleteChunks', () => this.#served.deleteChunks(chunkIds));
  }

  search(query: SearchQuery): Promise<ScoredChunk[]> {
    return this.#read('search', async () => {
      checkLimit(query.limit);
      return searchServedTable(this.#served, query);
    });
  }

  listChunks(filter?: {
    docId?: string;
    source?: string;
  }): Promise<Array<Pick<Chunk, 'id' | 'docId' | 'hash'>>> {
    return this.#read('listChunks', async () =>
      this.#served.mirror
        .list(filter?.docId)
        .filter((c) => filter?.source === undefined || c.source === filter.source)
        .sort((a, b) =>
          a.docId === b.docId ? a.position - b.position : a.docId < b.docId ? -1 : 1,
        )
        .map(({ id, docId, hash }) => ({ id, docId, hash })),
    );
  }

  getDocumentChunks(docId: string): Promise<Chunk[]> {
    // Copies: the mirror's chunks are shared with the lexical index and must not be mutated.
    return this.#read('getDocumentChunks', async () =>
      this.#served.mirror
        .list(docId)
        .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
        .map((c) => structuredClone(c)),
    );
  }

  count(): Promise<number> {
    return this.#read('count', async () => this.#served.mirror.size);
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
      await this.#served.dropSibling(table);
      // Its own signal: its checks must not settle what this index has yet to see.
      const signal = await openSignal(this.#options, pointer);
      const served = await openServed(this.#options, table);
      return new EmbeddedIndex({ served, pointer, signal, pinned: true, options: this.#options });
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
      await this.#maintaining; // the table about to be replaced must not be rewritten meanwhile
      const carryOver = options?.carryOver;
      if (carryOver) {
        // Inside this index's queue: no write of this process lands between copy and switch.
        await this.#sync(true);
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
      this.#signal.announce();
      // Another process may still be reading the replaced table; it re-reads the pointer and
      // retries once when its read fails (see #retryAfterSwitch).
      if (previous !== taken.name) await taken.dropSibling(previous);
      if (taken.maintenancePending) this.#idle.poke();
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
      if (table !== this.#served.name) await this.#served.dropSibling(table);
    });
  }

  /**
   * Closes the index; an index that wrote saves its lexical index first when it changed since
   * the last save, so the next open loads it instead of analysing every chunk again.
   */
  close(): Promise<void> {
    return this.#queue.run('close', async () => {
      this.#idle.cancel();
      this.#cleanup.cancel();
      await this.#maintaining;
      await this.#saving;
      this.#queue.markClosed();
      if (!this.#pinned) await this.#served.saveLexical();
      this.#served.close();
    });
  }

  /**
   * Brings this index up to date with commits made elsewhere: follows the pointer to another
   * table (a rebuild committed elsewhere: the new table and its mirror are loaded completely,
   * then swapped in), then updates the mirror when the table changed since we last saw it.
   * Skipped when the signal says nobody committed, unless `force` (before every write).
   */
  async #sync(force = false): Promise<void> {
    const changed = await this.#signal.mayHaveChanged();
    if (!changed && !force) {
      // A read that touches no file would resolve in microtasks alone: a caller awaiting reads
      // in a loop would then starve timers and sockets (a sync worker's Redis calls, say).
      await yieldToEventLoop();
      return;
    }
    const started = performance.now();
    let reloaded: boolean;
    try {
      if (!this.#pinned) {
        const table = await this.#pointer.read();
        if (table !== this.#served.name) {
          const served = await openServed(this.#options, table);
          const replaced = this.#served;
          this.#served = served;
          replaced.close();
        }
      }
      reloaded = await this.#served.refresh();
    } catch (err) {
      this.#signal.invalidate();
      throw err;
    }
    // At most a fifth of the time goes to following another process's writes.
    this.#signal.settle(reloaded ? 4 * (performance.now() - started) : 0);
  }

  /** Gives this rebuild index's table (with its complete mirror) to the committing index, and closes. */
  #handOver(): Promise<ServedTable> {
    return this.#queue.run('commitRebuild', async () => {
      await this.#maintaining;
      await this.#sync(true);
      this.#idle.cancel();
      this.#cleanup.cancel();
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

  /** Queues a read: it checks for others' commits only when the signal says there may be some. */
  #read<T>(operation: string, task: () => Promise<T>): Promise<T> {
    return this.#queue.run(operation, () =>
      this.#retryAfterSwitch(async () => {
        await this.#sync();
        return task();
      }),
    );
  }

  /**
   * Queues a write: it waits for maintenance in progress, checks the table first (an append must
   * know every stored id), and when it committed, announces the commit to other instances and
   * processes and starts maintenance if due (else once writes go quiet).
   */
  #write<T>(operation: string, task: () => Promise<T>): Promise<T> {
    return this.#queue.run(operation, () =>
      this.#retryAfterSwitch(async () => {
        await this.#maintaining;
        await this.#sync(true);
        const served = this.#served;
        const before = served.commits;
        const result = await task();
        if (served.commits === before) return result;
        if (!this.#pinned) this.#signal.announce();
        if (served.maintenanceDue) this.#startMaintenance({ cleanUpLater: true });
        this.#idle.poke();
        return result;
      }),
    );
  }

  /**
   * Compacts the served table outside the queue: reads go on meanwhile (they use the mirror, and
   * LanceDB reads a consistent version), while the next write, rebuild step or close waits for
   * it. At 100k rows a compaction took about a second, which every search would have waited.
   * With `save` (writes went quiet) a save of the lexical index starts after it (see #startSave).
   */
  #startMaintenance(options: { cleanUpLater: boolean; maintain?: boolean; save?: boolean }): void {
    if (this.#maintaining) return;
    const served = this.#served;
    const maintained =
      options.maintain === false
        ? Promise.resolve()
        : served.maintain().then(
            () => {
              if (!this.#pinned) this.#signal.announce();
              if (options.cleanUpLater) this.#cleanup.poke();
            },
            (err: unknown) => {
              // The data is safe; the next maintenance tries again.
              this.#options.log?.warn('index.maintenance_failed', {
                table: served.name,
                message: err instanceof Error ? err.message : String(err),
              });
            },
          );
    this.#maintaining = maintained
      .then(() => {
        if (options.save) this.#startSave();
      })
      .finally(() => {
        this.#maintaining = undefined;
      });
  }

  /**
   * Saves the lexical index beside the table (when this index wrote and it changed), outside the
   * queue and without holding writes back: a write that changes the index meanwhile makes the
   * save give up, and the next quiet moment (or close) saves again.
   */
  #startSave(): void {
    if (this.#saving || this.#pinned) return;
    this.#saving = this.#served.saveLexical().finally(() => {
      this.#saving = undefined;
    });
  }

  /**
   * A timer fired: start maintenance (after queued work) if writes left some to do, or, for the
   * cleanup pass, to remove the versions the last maintenance had to keep (at rest, they would
   * otherwise stay until the next write). Writes have gone quiet, so the lexical index is saved
   * too when it changed.
   */
  #maintainWhenIdle(cleanup: boolean): void {
    this.#queue
      .run('maintain', async () => {
        await this.#maintaining;
        const maintain = cleanup || this.#served.maintenancePending;
        await this.#sync(true);
        this.#startMaintenance({ cleanUpLater: !cleanup, maintain, save: true });
      })
      .catch(() => {
        // Closed meanwhile, or the table could not be read: nothing to maintain now.
      });
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
      this.#signal.invalidate();
      return await task();
    }
  }
}

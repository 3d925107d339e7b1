import {
  type Chunk,
  type EmbeddedChunk,
  isSwitchboardError,
  type KnowledgeIndex,
  type ScoredChunk,
  type SearchQuery,
  SwitchboardError,
} from '@switchboard/core';
import { LexicalIndex, type LexicalIndexOptions } from '../lexical/lexical-index.ts';
import { checkChunks, checkLimit, checkQueryVector } from './checks.ts';
import { ChunkMirror } from './chunk-mirror.ts';
import { ChunkTable, type Commit } from './chunk-table.ts';
import { type DenseHit, fuseHits } from './fuse-hits.ts';
import { batches, sqlEquals, sqlIn } from './sql.ts';

export interface EmbeddedIndexOptions {
  /** Directory of the LanceDB database (created when missing). */
  directory: string;
  /**
   * Table name inside the database.
   * @defaultValue 'chunks'
   */
  table?: string;
  /** Options of the in-memory BM25F engine. */
  lexical?: LexicalIndexOptions;
}

// Each side of a hybrid search contributes this many candidates per requested hit (at least
// MIN_CANDIDATES), so a chunk ranked modestly by both sides can still win the fusion.
const CANDIDATES_PER_HIT = 4;
const MIN_CANDIDATES = 40;
// Literals per SQL `IN (...)` predicate: long lists are deleted in several statements.
const SQL_BATCH = 500;

/**
 * The default, serverless knowledge index. LanceDB on local disk is the single source of truth;
 * an in-memory mirror of the rows (without vectors) and a BM25F `LexicalIndex` are derived from
 * it on open and kept in sync on every write. Dense search runs in LanceDB (cosine); both sides
 * are fused by reciprocal rank fusion.
 *
 * Several processes may share the directory (e.g. an ingest worker and the server): before each
 * operation the table version is checked, and a commit by someone else triggers a full reload.
 * Set `LANCEDB_LOG=error` in the environment to silence LanceDB's Rust warnings.
 */
export class EmbeddedIndex implements KnowledgeIndex {
  readonly kind = 'embedded';
  readonly #store: ChunkTable;
  readonly #lexicalOptions: LexicalIndexOptions | undefined;
  #mirror: ChunkMirror;
  /** Table version the mirror reflects; -1 = unknown, reload before the next operation. */
  #version = -1;
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(store: ChunkTable, lexical: LexicalIndexOptions | undefined) {
    this.#store = store;
    this.#lexicalOptions = lexical;
    this.#mirror = new ChunkMirror(lexical);
  }

  static async open(options: EmbeddedIndexOptions): Promise<EmbeddedIndex> {
    // Validate lexical options before touching the disk, so a config error names the option.
    new LexicalIndex(options.lexical);
    let store: ChunkTable;
    try {
      store = await ChunkTable.open({
        directory: options.directory,
        table: options.table ?? 'chunks',
      });
    } catch (cause) {
      throw new SwitchboardError(
        'INDEX_UNAVAILABLE',
        `Cannot open the embedded index at ${options.directory}`,
        {
          cause,
        },
      );
    }
    const index = new EmbeddedIndex(store, options.lexical);
    await index.#serial('open', () => index.#sync());
    return index;
  }

  upsert(chunks: EmbeddedChunk[]): Promise<void> {
    return this.#serial('upsert', async () => {
      if (chunks.length === 0) return;
      // Last one wins for repeated ids, as if they had been upserted one after the other.
      const unique = [...new Map(chunks.map((c) => [c.id, c])).values()];
      await this.#sync();
      const dimension = checkChunks(unique, this.#store.dimension);
      this.#applyCommits(await this.#store.upsert(unique, dimension));
      for (const { vector: _vector, ...chunk } of unique) this.#mirror.put(chunk);
    });
  }

  deleteDocuments(docIds: string[]): Promise<number> {
    return this.#serial('deleteDocuments', async () => {
      await this.#sync();
      const present = [...new Set(docIds)].filter((d) => this.#mirror.hasDocument(d));
      let removed = 0;
      for (const batch of batches(present, SQL_BATCH)) {
        removed += await this.#delete(sqlIn('docId', batch));
        for (const docId of batch) this.#mirror.dropDocument(docId);
      }
      return removed;
    });
  }

  deleteChunks(chunkIds: string[]): Promise<number> {
    return this.#serial('deleteChunks', async () => {
      await this.#sync();
      const present = [...new Set(chunkIds)].filter((id) => this.#mirror.has(id));
      let removed = 0;
      for (const batch of batches(present, SQL_BATCH)) {
        removed += await this.#delete(sqlIn('id', batch));
        for (const id of batch) this.#mirror.drop(id);
      }
      return removed;
    });
  }

  search(query: SearchQuery): Promise<ScoredChunk[]> {
    return this.#serial('search', async () => {
      checkLimit(query.limit);
      await this.#sync();
      const { docIds, source } = query.filter ?? {};
      if (query.limit === 0 || this.#mirror.size === 0 || docIds?.length === 0) return [];
      const candidates = Math.max(query.limit * CANDIDATES_PER_HIT, MIN_CANDIDATES);
      const docSet = docIds ? new Set(docIds) : undefined;
      const accepts = (id: string): boolean => {
        const chunk = this.#mirror.get(id);
        return (
          chunk !== undefined &&
          (docSet === undefined || docSet.has(chunk.docId)) &&
          (source === undefined || chunk.source === source)
        );
      };
      const lexical = this.#mirror.search(query.text, { limit: candidates, filter: accepts });
      const dense = (await this.#denseSearch(query, candidates)).filter((h) => accepts(h.id));
      const hits = fuseHits({ lexical, dense, chunkOf: (id) => this.#mirror.get(id) });
      return hits.slice(0, query.limit);
    });
  }

  listChunks(filter?: {
    docId?: string;
    source?: string;
  }): Promise<Array<Pick<Chunk, 'id' | 'docId' | 'hash'>>> {
    return this.#serial('listChunks', async () => {
      await this.#sync();
      return this.#mirror
        .list(filter?.docId)
        .filter((c) => filter?.source === undefined || c.source === filter.source)
        .sort((a, b) =>
          a.docId === b.docId ? a.position - b.position : a.docId < b.docId ? -1 : 1,
        )
        .map(({ id, docId, hash }) => ({ id, docId, hash }));
    });
  }

  count(): Promise<number> {
    return this.#serial('count', async () => {
      await this.#sync();
      return this.#mirror.size;
    });
  }

  close(): Promise<void> {
    return this.#serial('close', async () => {
      this.#closed = true;
      this.#store.close();
      this.#mirror = new ChunkMirror(this.#lexicalOptions); // let the memory go
    });
  }

  async #denseSearch(query: SearchQuery, limit: number): Promise<DenseHit[]> {
    const dimension = this.#store.dimension;
    if (query.vector === undefined || dimension === undefined) return [];
    if (!checkQueryVector(query.vector, dimension)) return []; // a zero vector has no direction
    const { docIds, source } = query.filter ?? {};
    const predicates: string[] = [];
    if (docIds !== undefined) predicates.push(sqlIn('docId', docIds));
    if (source !== undefined) predicates.push(sqlEquals('source', source));
    const where = predicates.length > 0 ? predicates.map((p) => `(${p})`).join(' AND ') : undefined;
    return this.#store.nearest(query.vector, where === undefined ? { limit } : { limit, where });
  }

  /** Reloads the mirror when the table changed since we last saw it (another process wrote). */
  async #sync(): Promise<void> {
    const latest = await this.#store.latestVersion();
    if (latest === this.#version) return;
    // Full rebuild: O(rows) read plus re-analysis of every chunk. Simple and always correct; a
    // diff from LanceDB's change feed would be cheaper, but other writers are rare (ingest runs).
    this.#mirror = new ChunkMirror(this.#lexicalOptions, await this.#store.readAll());
    this.#version = latest;
  }

  async #delete(predicate: string): Promise<number> {
    const commit = await this.#store.delete(predicate);
    if (!commit) return 0;
    this.#applyCommits([commit]);
    return commit.rows;
  }

  /**
   * Our own commits advance the known version one by one; any gap means another process
   * committed in between, so the mirror is marked stale and reloaded before the next operation.
   */
  #applyCommits(commits: Commit[]): void {
    for (const { version } of commits) {
      this.#version = this.#version >= 0 && version === this.#version + 1 ? version : -1;
    }
  }

  /**
   * Runs operations one at a time: they share the mirror and the version counter, which an
   * interleaved write and reload would corrupt. Storage errors become INDEX_UNAVAILABLE.
   */
  #serial<T>(operation: string, task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(async () => {
      if (this.#closed) {
        if (operation === 'close') return undefined as T; // closing twice is harmless
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

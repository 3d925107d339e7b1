import type { QdrantClient } from '@qdrant/js-client-rest';
import {
  type Chunk,
  type CommitRebuildOptions,
  type EmbeddedChunk,
  type KnowledgeIndex,
  type ScoredChunk,
  type SearchQuery,
  SwitchboardError,
} from '@switchboard/core';
import { checkChunks } from '../embedded/checks.ts';
import { resolveAlias, swapAlias, versionedName, versionOf } from './aliases.ts';
import { createChunkCollection } from './collection-schema.ts';
import { isStaleConnection, toIndexUnavailable } from './errors.ts';
import { searchChunks } from './hybrid-search.ts';
import { checkDenseDimension, openAliasedCollection } from './open-collection.ts';
import { pointId, toPoint } from './point-mapping.ts';
import { copyPoints, scrollChunkIds, scrollDocumentChunks } from './scroll-chunks.ts';
import { chunkFilter } from './search-request.ts';

export interface QdrantIndexOptions {
  /** Base URL of the Qdrant REST API, e.g. `http://localhost:6333`. */
  url: string;
  /** API key sent as `api-key` header, for Qdrant Cloud or a secured server. */
  apiKey?: string;
  /** Public collection name; it is an alias of the versioned collection `<name>_vN`. */
  collection: string;
  /** Dense vector size when an embedder is configured; omit for a lexical-only index. */
  denseDimension?: number;
  /** Client to use instead of one built from `url`/`apiKey` (tests, custom transport). */
  client?: QdrantClient;
}

// Points per upsert request, and values per `match.any` / `has_id` condition.
const UPSERT_BATCH = 256;
const FILTER_BATCH = 1_000;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Production knowledge index on Qdrant. Each chunk is a point with a sparse `sparse` vector (BM25F
 * term saturation; Qdrant applies IDF) and, when an embedder is configured, a cosine `dense`
 * vector; hybrid searches are fused by Qdrant's reciprocal rank fusion (Query API).
 *
 * The public collection name is an alias of `<name>_vN`: `beginRebuild` fills `<name>_v(N+1)`
 * and `commitRebuild` swaps the alias atomically, so readers never see a half-built index.
 *
 * Differences from the embedded index: `coverage` counts every query term equally (Qdrant keeps
 * its IDF server-side), and `lexical` is Qdrant's IDF-weighted sparse dot product, without the
 * embedded engine's heading-match bonus and compound repair.
 */
export class QdrantIndex implements KnowledgeIndex {
  readonly kind = 'qdrant';
  readonly #client: QdrantClient;
  readonly #url: string;
  /** Public alias name. */
  readonly #alias: string;
  /** Name every data operation targets: the alias, or the new collection during a rebuild. */
  readonly #target: string;
  readonly #denseDimension: number | undefined;
  #closed = false;

  private constructor(options: {
    client: QdrantClient;
    url: string;
    alias: string;
    target: string;
    denseDimension: number | undefined;
  }) {
    this.#client = options.client;
    this.#url = options.url;
    this.#alias = options.alias;
    this.#target = options.target;
    this.#denseDimension = options.denseDimension;
  }

  /** Connects, creating `<collection>_v1` and the alias when nothing exists yet. */
  static async open(options: QdrantIndexOptions): Promise<QdrantIndex> {
    const { url, collection: alias, apiKey } = options;
    checkDenseDimension(options.denseDimension);
    // Imported here, not at the top: a process on the embedded index never loads the client.
    const client =
      options.client ??
      new (await import('@qdrant/js-client-rest')).QdrantClient({
        url,
        checkCompatibility: false,
        ...(apiKey ? { apiKey } : {}),
      });
    try {
      const { denseDimension } = await openAliasedCollection({
        client,
        alias,
        denseDimension: options.denseDimension,
      });
      return new QdrantIndex({ client, url, alias, target: alias, denseDimension });
    } catch (error) {
      throw toIndexUnavailable({ operation: 'open', url, error });
    }
  }

  upsert(chunks: EmbeddedChunk[]): Promise<void> {
    return this.#run('upsert', async () => {
      // Last one wins for repeated ids, as if they had been upserted one after the other.
      const unique = [...new Map(chunks.map((c) => [c.id, c])).values()];
      const dimension = checkChunks(unique, this.#denseDimension);
      if (dimension !== undefined && this.#denseDimension === undefined) {
        throw new SwitchboardError(
          'DATA_INVALID',
          'This Qdrant index is lexical-only (opened without denseDimension) but chunks carry vectors',
          { details: { received: dimension } },
        );
      }
      for (const batch of batches(unique.map(toPoint), UPSERT_BATCH)) {
        await this.#client.upsert(this.#target, { wait: true, points: batch });
      }
    });
  }

  deleteDocuments(docIds: string[]): Promise<number> {
    return this.#run('deleteDocuments', async () => {
      let removed = 0;
      for (const batch of batches([...new Set(docIds)], FILTER_BATCH)) {
        removed += await this.#deleteMatching(chunkFilter({ docIds: batch }));
      }
      return removed;
    });
  }

  deleteChunks(chunkIds: string[]): Promise<number> {
    return this.#run('deleteChunks', async () => {
      let removed = 0;
      for (const batch of batches([...new Set(chunkIds)].map(pointId), FILTER_BATCH)) {
        removed += await this.#deleteMatching(chunkFilter({ pointIds: batch }));
      }
      return removed;
    });
  }

  search(query: SearchQuery): Promise<ScoredChunk[]> {
    return this.#run('search', () =>
      searchChunks({
        client: this.#client,
        collection: this.#target,
        query,
        denseDimension: this.#denseDimension,
      }),
    );
  }

  listChunks(filter?: {
    docId?: string;
    source?: string;
  }): Promise<Array<Pick<Chunk, 'id' | 'docId' | 'hash'>>> {
    return this.#run('listChunks', () => {
      const docIds = filter?.docId === undefined ? undefined : [filter.docId];
      const where = chunkFilter({ docIds, source: filter?.source });
      return scrollChunkIds({ client: this.#client, collection: this.#target, filter: where });
    });
  }

  getDocumentChunks(docId: string): Promise<Chunk[]> {
    return this.#run('getDocumentChunks', () =>
      scrollDocumentChunks({ client: this.#client, collection: this.#target, docId }),
    );
  }

  count(): Promise<number> {
    return this.#run(
      'count',
      async () => (await this.#client.count(this.#target, { exact: true })).count,
    );
  }

  /**
   * Starts a full rebuild: creates the next versioned collection (same schema, emptied first if
   * an aborted rebuild left it behind) and returns an index writing into it. Readers keep using
   * the current collection until `commitRebuild`.
   */
  beginRebuild(): Promise<QdrantIndex> {
    return this.#run('beginRebuild', async () => {
      const current = await resolveAlias({ client: this.#client, alias: this.#alias });
      const next = versionedName(this.#alias, (versionOf(this.#alias, current ?? '') ?? 0) + 1);
      if ((await this.#client.collectionExists(next)).exists)
        await this.#client.deleteCollection(next);
      const denseDimension = this.#denseDimension;
      await createChunkCollection({ client: this.#client, collection: next, denseDimension });
      return new QdrantIndex({
        client: this.#client,
        url: this.#url,
        alias: this.#alias,
        target: next,
        denseDimension,
      });
    });
  }

  /** Points the alias at the rebuilt collection in one atomic request, then drops the old one. */
  commitRebuild(next: QdrantIndex, options?: CommitRebuildOptions): Promise<void> {
    return this.#run('commitRebuild', async () => {
      if (next.#alias !== this.#alias || next.#target === this.#alias) {
        throw new SwitchboardError(
          'BAD_REQUEST',
          'commitRebuild needs an index from beginRebuild',
          {
            details: { alias: this.#alias, target: next.#target },
          },
        );
      }
      const carryOver = options?.carryOver;
      if (carryOver) {
        // Other processes may still write the live collection until the swap; their next
        // sync run's reconcile finds any chunk written in between and repairs it.
        await copyPoints({
          client: this.#client,
          from: this.#alias,
          to: next.#target,
          filter: { must_not: [{ key: 'source', match: { value: carryOver.exceptSource } }] },
        });
      }
      const previous = await resolveAlias({ client: this.#client, alias: this.#alias });
      await swapAlias({ client: this.#client, alias: this.#alias, target: next.#target });
      if (previous !== undefined && previous !== next.#target)
        await this.#client.deleteCollection(previous);
    });
  }

  async close(): Promise<void> {
    // The REST client holds no resources beyond pooled keep-alive sockets that time out.
    this.#closed = true;
  }

  /** Counts first (Qdrant's delete does not report how many points it removed), then deletes. */
  async #deleteMatching(filter: ReturnType<typeof chunkFilter>): Promise<number> {
    if (filter === undefined) return 0;
    const { count } = await this.#client.count(this.#target, { filter, exact: true });
    if (count > 0) await this.#client.delete(this.#target, { wait: true, filter });
    return count;
  }

  /** Refuses work after close and turns client failures into INDEX_UNAVAILABLE. */
  async #run<T>(operation: string, task: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new SwitchboardError('INDEX_UNAVAILABLE', `Qdrant index is closed (${operation})`);
    }
    try {
      return await task().catch((error: unknown) => {
        // Once: a connection Qdrant closed as it was reused; a second failure is a real one.
        if (isStaleConnection(error)) return task();
        throw error;
      });
    } catch (error) {
      throw toIndexUnavailable({ operation, url: this.#url, error });
    }
  }
}

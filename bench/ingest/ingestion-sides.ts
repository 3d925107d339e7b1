import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { index } from '@langchain/core/indexing';
import { EmbeddedIndex, loadDirectory } from '@switchboard/knowledge';
import { DirectoryConnector, RedisRecordStore, runSync } from '@switchboard/sync';
import { Redis } from 'ioredis';
import { documentAlignedBatches } from './aligned-batches.ts';
import { CountingEmbedder } from './counting-embedder.ts';
import { toLangChainDocuments } from './langchain-documents.ts';
import { InMemoryRecordManager } from './memory-record-manager.ts';
import { MemoryVectorStore } from './memory-vector-store.ts';
import { TimedIndex } from './timed-index.ts';
import { waitUntilQuiet } from './wait-until-quiet.ts';

/** LangChain `index()`'s default batch size; aligned batches hold at most this many chunks. */
export const LANGCHAIN_BATCH_SIZE = 100;

/** One way of keeping an index in line with a help-centre folder, with its own store. */
export interface IngestionSide {
  readonly name: 'switchboard' | 'langchain';
  readonly embedder: CountingEmbedder;
  /** Brings the index in line with the folder; resolves to what the side says it did. */
  sync(): Promise<string>;
  /** Chunks in the side's store. */
  count(): Promise<number>;
  /** Where the store's time went since the last sync started, or '' when not tracked. */
  storeTime(): string;
  /**
   * Untimed, between scenarios: lets work the store deferred (compaction, saves once writes go
   * quiet) finish now, so it lands in no later measurement, this side's or the other's.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Our sync engine as a run of the product does it (`runSync`): the directory connector lists
 * the folder (mtime + size), fetches what changed, chunks, embeds what is new, writes the
 * embedded LanceDB index and keeps its records in Redis, then reconciles records with the index.
 */
export async function openSwitchboardSide(options: {
  root: string;
  directory: string;
  redisUrl: string;
}): Promise<IngestionSide> {
  const embedder = new CountingEmbedder();
  const store = new TimedIndex(
    await EmbeddedIndex.open({ directory: join(options.directory, 'ours') }),
  );
  const redis = new Redis(options.redisUrl);
  const records = new RedisRecordStore({ redis, prefix: `bench-ingest:${randomUUID()}:` });
  const source = 'help-centre';
  const connector = new DirectoryConnector({ root: options.root, source });
  return {
    name: 'switchboard',
    embedder,
    async sync() {
      store.reset();
      const run = await runSync({ source, connector, index: store, records, embedder });
      if (run.failed.length > 0) throw new Error(`sync failed: ${run.failed[0]?.message}`);
      return `added ${run.added}, updated ${run.updated}, unchanged ${run.unchanged}`;
    },
    count: () => store.count(),
    storeTime: () => store.summary(),
    // The index compacts and saves its lexical index once writes have been quiet for 2 s
    // (`maintenance.idleMs`), i.e. in whichever measurement runs then: let it happen first, and
    // keep the index open and warm, as it is at rest between two syncs of a running server.
    async settle() {
      await waitUntilQuiet({ atLeastMs: 2_500 });
    },
    async close() {
      await records.clear(source);
      redis.disconnect();
      await store.close();
    },
  };
}

/**
 * LangChain's way, at its best settings: the folder read with the same loader, split by the same
 * chunker, then `index()` with incremental cleanup, its in-memory record manager and its
 * in-memory vector store, in batches aligned to documents (see `documentAlignedBatches`).
 * `index()` batches by a fixed count, so each aligned batch is one `index()` call of that size;
 * incremental cleanup is per batch anyway, so the result is the same as one call.
 */
export async function openLangChainSide(options: { root: string }): Promise<IngestionSide> {
  const embedder = new CountingEmbedder();
  const vectorStore = new MemoryVectorStore(embedder);
  const recordManager = new InMemoryRecordManager();
  await recordManager.createSchema();
  return {
    name: 'langchain',
    embedder,
    async sync() {
      const loaded = await loadDirectory(options.root);
      const chunks = await toLangChainDocuments(loaded.documents);
      const total = { added: 0, deleted: 0, skipped: 0 };
      const batches = documentAlignedBatches(
        chunks,
        (c) => c.metadata.source,
        LANGCHAIN_BATCH_SIZE,
      );
      for (const batch of batches) {
        const result = await index({
          docsSource: batch,
          recordManager,
          vectorStore,
          options: { cleanup: 'incremental', sourceIdKey: 'source', batchSize: batch.length },
        });
        total.added += result.numAdded;
        total.deleted += result.numDeleted;
        total.skipped += result.numSkipped;
      }
      return `added ${total.added}, deleted ${total.deleted}, skipped ${total.skipped}, ${batches.length} aligned batches`;
    },
    count: async () => vectorStore.size,
    storeTime: () => '',
    settle: async () => {}, // in memory: nothing deferred
    close: async () => {},
  };
}

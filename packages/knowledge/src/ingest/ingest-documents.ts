import {
  type Chunk,
  type EmbeddedChunk,
  type Embedder,
  isSwitchboardError,
  type KnowledgeIndex,
  type SourceDocument,
  SwitchboardError,
} from '@switchboard/core';
import { type ChunkOptions, chunkDocument } from '../chunking/chunk-document.ts';
import { embeddingText } from './embedding-text.ts';

export interface IngestOptions {
  documents: SourceDocument[];
  index: KnowledgeIndex;
  /** Without one, chunks are stored without vectors (lexical-only search). */
  embedder?: Embedder;
  chunking?: ChunkOptions;
  /**
   * Texts per `embedDocuments` call; documents are grouped until they bring this many new
   * chunks, then written in one upsert (and one delete of stale chunks).
   * @defaultValue 64
   */
  batchSize?: number;
  /**
   * Treat `documents` as the complete set: indexed documents that are not in it are deleted.
   * Scoped to the sources of the given documents (a document without `source` widens the scope
   * to the whole index), so syncing one source never removes another's documents; an empty
   * `documents` list deletes nothing.
   * @defaultValue false
   */
  replaceDocuments?: boolean;
}

export interface IngestReport {
  /** Documents ingested successfully (those in `failed` are not counted). */
  documents: number;
  /** Chunks those documents have now (`added + unchanged`). */
  chunks: number;
  /** New chunks written. */
  added: number;
  /** Chunks already indexed with the same id (same text), left untouched. */
  unchanged: number;
  /** Chunks deleted: stale chunks of ingested documents, plus documents dropped by `replaceDocuments`. */
  removed: number;
  /** Documents skipped, with why; the index keeps their previous chunks. */
  failed: Array<{ docId: string; reason: string }>;
  /** Texts sent to the embedder (retries included). */
  embedded: number;
}

/** One document's diff against the index. */
interface DocumentPlan {
  docId: string;
  /** Chunks not in the index yet: to embed and write. */
  fresh: Chunk[];
  /** Chunks already indexed under the same id (hence the same text). */
  unchanged: number;
  /** Indexed chunk ids the document no longer has. */
  stale: string[];
}

const DEFAULT_BATCH_SIZE = 64;
/**
 * Up to this many documents, their chunks are listed document by document; above, the whole
 * index is listed once. A sync job ingests ~20 documents: listing (and sorting) a 100k-chunk
 * index for each of its jobs made a first sync quadratic, while a whole ingest of a large corpus
 * would pay one index round trip per document the other way.
 */
const PER_DOCUMENT_LISTING_MAX = 200;

/**
 * Incremental ingestion. Chunk ids derive from the text, so a document's diff against
 * one listing of the index (`index.listChunks()`) says exactly what changed: only new chunks are embedded and
 * written, and chunks that disappeared are deleted after the new ones are stored (a failure in
 * between leaves the old version searchable, never nothing). A document whose chunking or
 * embedding fails is reported in `failed` and the others go on; index errors are thrown.
 */
export async function ingestDocuments(options: IngestOptions): Promise<IngestReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SwitchboardError('BAD_REQUEST', 'batchSize must be a positive integer', {
      details: { batchSize },
    });
  }
  const report: IngestReport = {
    documents: 0,
    chunks: 0,
    added: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
    embedded: 0,
  };
  const writer = new BatchWriter(options.index, options.embedder, batchSize, report);
  const indexed = await listIndexedChunks(options.index, options.documents);
  const seen = new Set<string>();
  for (const doc of options.documents) {
    if (seen.has(doc.id)) {
      report.failed.push({ docId: doc.id, reason: 'duplicate document id in this ingest' });
      continue;
    }
    seen.add(doc.id);
    const plan = await planDocument(doc, indexed.get(doc.id) ?? [], options, report);
    if (plan) await writer.add(plan);
  }
  await writer.flush();
  if (options.replaceDocuments) {
    report.removed += await removeAbsent(options.index, options.documents, seen);
  }
  return report;
}

/**
 * Chunk ids per document: of the given documents when they are few (see
 * PER_DOCUMENT_LISTING_MAX), else of the whole index from one listing.
 */
async function listIndexedChunks(
  index: KnowledgeIndex,
  documents: readonly SourceDocument[],
): Promise<Map<string, Array<Chunk['id']>>> {
  const byDoc = new Map<string, string[]>();
  const docIds = [...new Set(documents.map((d) => d.id))];
  const listed =
    docIds.length <= PER_DOCUMENT_LISTING_MAX
      ? (await Promise.all(docIds.map((docId) => index.listChunks({ docId })))).flat()
      : await index.listChunks();
  for (const { id, docId } of listed) {
    const ids = byDoc.get(docId);
    if (ids) ids.push(id);
    else byDoc.set(docId, [id]);
  }
  return byDoc;
}

async function planDocument(
  doc: SourceDocument,
  indexedIds: readonly string[],
  options: IngestOptions,
  report: IngestReport,
): Promise<DocumentPlan | undefined> {
  let chunks: Chunk[];
  try {
    chunks = await chunkDocument(doc, options.chunking);
  } catch (err) {
    report.failed.push({ docId: doc.id, reason: `chunking failed: ${messageOf(err)}` });
    return undefined;
  }
  if (chunks.length === 0) {
    // Probably a broken page (all navigation, say) rather than a page emptied on purpose: keep
    // what is indexed and say so.
    report.failed.push({ docId: doc.id, reason: 'no indexable text' });
    return undefined;
  }
  const existing = new Set(indexedIds);
  const current = new Set(chunks.map((c) => c.id));
  const fresh = chunks.filter((c) => !existing.has(c.id));
  return {
    docId: doc.id,
    fresh,
    unchanged: chunks.length - fresh.length,
    stale: [...existing].filter((id) => !current.has(id)),
  };
}

/** Groups document plans into batches: one embed call per `batchSize` texts, one upsert and one delete per batch. */
class BatchWriter {
  #pending: DocumentPlan[] = [];
  #pendingChunks = 0;

  constructor(
    private readonly index: KnowledgeIndex,
    private readonly embedder: Embedder | undefined,
    private readonly batchSize: number,
    private readonly report: IngestReport,
  ) {}

  async add(plan: DocumentPlan): Promise<void> {
    this.#pending.push(plan);
    this.#pendingChunks += plan.fresh.length;
    if (this.#pendingChunks >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const plans = this.#pending;
    this.#pending = [];
    this.#pendingChunks = 0;
    if (plans.length === 0) return;
    const ready = await this.#embed(plans);
    const chunks = ready.flatMap((r) => r.chunks);
    if (chunks.length > 0) await this.index.upsert(chunks);
    const stale = ready.flatMap((r) => r.plan.stale);
    if (stale.length > 0) this.report.removed += await this.index.deleteChunks(stale);
    for (const { plan } of ready) {
      this.report.documents++;
      this.report.added += plan.fresh.length;
      this.report.unchanged += plan.unchanged;
      this.report.chunks += plan.fresh.length + plan.unchanged;
    }
  }

  /**
   * Embeds all plans' new chunks together; if a call fails, retries document by document so
   * only the document whose text the provider rejects is reported.
   */
  async #embed(
    plans: DocumentPlan[],
  ): Promise<Array<{ plan: DocumentPlan; chunks: EmbeddedChunk[] }>> {
    if (!this.embedder) return plans.map((plan) => ({ plan, chunks: plan.fresh }));
    try {
      const vectors = await this.#vectors(plans.flatMap((p) => p.fresh));
      let offset = 0;
      return plans.map((plan) => {
        const chunks = plan.fresh.map((c, i) => ({ ...c, vector: vectors[offset + i]! }));
        offset += plan.fresh.length;
        return { plan, chunks };
      });
    } catch (batchError) {
      // A rate limit is about the provider, not the documents: hand it up (the sync worker
      // waits it out) instead of failing every document of the batch.
      if (isRateLimited(batchError)) throw batchError;
      const ready: Array<{ plan: DocumentPlan; chunks: EmbeddedChunk[] }> = [];
      for (const plan of plans) {
        try {
          const vectors = await this.#vectors(plan.fresh);
          ready.push({ plan, chunks: plan.fresh.map((c, i) => ({ ...c, vector: vectors[i]! })) });
        } catch (err) {
          if (isRateLimited(err)) throw err;
          this.report.failed.push({
            docId: plan.docId,
            reason: `embedding failed: ${messageOf(err)}`,
          });
        }
      }
      return ready;
    }
  }

  async #vectors(chunks: Chunk[]): Promise<number[][]> {
    const embedder = this.embedder!;
    const out: number[][] = [];
    for (let i = 0; i < chunks.length; i += this.batchSize) {
      const texts = chunks.slice(i, i + this.batchSize).map(embeddingText);
      this.report.embedded += texts.length;
      const vectors = await embedder.embedDocuments(texts);
      if (vectors.length !== texts.length) {
        throw new Error(
          `embedder ${embedder.id} returned ${vectors.length} vectors for ${texts.length} texts`,
        );
      }
      out.push(...vectors);
    }
    return out;
  }
}

async function removeAbsent(
  index: KnowledgeIndex,
  documents: SourceDocument[],
  given: ReadonlySet<string>,
): Promise<number> {
  if (documents.length === 0) return 0;
  const sources = new Set(documents.map((d) => d.source));
  // A document without a source widens the scope to the whole index.
  const listings = sources.has(undefined)
    ? [await index.listChunks()]
    : await Promise.all([...sources].map((source) => index.listChunks({ source })));
  const inScope = listings.flatMap((chunks) => chunks.map((c) => c.docId));
  const absent = [...new Set(inScope)].filter((docId) => !given.has(docId));
  return absent.length > 0 ? await index.deleteDocuments(absent) : 0;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isRateLimited(err: unknown): boolean {
  return isSwitchboardError(err) && err.code === 'RATE_LIMITED';
}

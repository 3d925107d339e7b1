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
   * Texts per `embedDocuments` call. New chunks are queued across document boundaries, so every
   * call of an ingest carries exactly this many texts except its last. 100 is LangChain
   * `index()`'s batch size; providers accept more (OpenAI: 2,048 inputs and 300k tokens per
   * request), but one call must stay well inside the embedder's per-batch deadline on slow local
   * providers (Ollama on a CPU), and a failed call is retried document by document, so its size
   * bounds the work redone. Chunks are at most ~1,200 characters (~300 tokens): 100 texts are far
   * from any provider's token limit. At most `MAX_EMBED_BATCH`.
   * @defaultValue 100
   */
  batchSize?: number;
  /**
   * New chunks per index write: documents whose new chunks are all embedded are written together
   * (one upsert, one delete of stale chunks) once they bring this many, and at the end. Bounds
   * the vectors held in memory; fewer, larger writes keep the index's commit count down.
   * @defaultValue 1000
   */
  writeBatchSize?: number;
  /**
   * Called once per ingested document after its chunks are in the index (and its stale ones
   * deleted), with the sorted ids of the chunks it has now, so a caller can record them without
   * listing the index again. Not called for documents in `failed`.
   */
  onStored?: (docId: string, chunkIds: string[]) => void;
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
  /** Every chunk id the document has now, sorted and unique. */
  current: string[];
  /** Chunks not in the index yet: to embed and write. */
  fresh: Chunk[];
  /** Chunks already indexed under the same id (hence the same text). */
  unchanged: number;
  /** Indexed chunk ids the document no longer has. */
  stale: string[];
}

const DEFAULT_BATCH_SIZE = 100;
/** OpenAI's limit on inputs per embeddings request, the largest of the providers we support. */
export const MAX_EMBED_BATCH = 2048;
const DEFAULT_WRITE_BATCH_SIZE = 1000;
/**
 * Up to this many documents, their chunks are listed document by document; above, the whole
 * index is listed once. A sync job ingests up to 100 documents: listing (and sorting) a 100k-chunk
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
  const batchSize = positiveInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
  if (batchSize > MAX_EMBED_BATCH) {
    throw new SwitchboardError('BAD_REQUEST', `batchSize must be at most ${MAX_EMBED_BATCH}`, {
      details: { batchSize },
    });
  }
  const writeBatchSize = positiveInteger(
    'writeBatchSize',
    options.writeBatchSize ?? DEFAULT_WRITE_BATCH_SIZE,
  );
  const report: IngestReport = {
    documents: 0,
    chunks: 0,
    added: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
    embedded: 0,
  };
  const writer = new BatchWriter({
    index: options.index,
    embedder: options.embedder,
    batchSize,
    writeBatchSize,
    report,
    onStored: options.onStored,
  });
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
  await writer.finish();
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
    current: [...current].sort(),
    fresh,
    unchanged: chunks.length - fresh.length,
    stale: [...existing].filter((id) => !current.has(id)),
  };
}

/** A planned document waiting for its vectors and its write. */
interface PendingDocument {
  plan: DocumentPlan;
  /** The plan's new chunks embedded so far, in order (all of them without an embedder). */
  chunks: EmbeddedChunk[];
}

interface BatchWriterOptions {
  index: KnowledgeIndex;
  embedder: Embedder | undefined;
  batchSize: number;
  writeBatchSize: number;
  report: IngestReport;
  onStored: ((docId: string, chunkIds: string[]) => void) | undefined;
}

/**
 * Embeds new chunks in calls of exactly `batchSize` texts (a call may span documents; only the
 * last call of an ingest is smaller), and writes the documents whose new chunks are all embedded
 * about `writeBatchSize` chunks at a time: one upsert, then one delete of their stale chunks.
 * Documents are written whole, so a document's new chunks are stored before its stale ones go.
 */
class BatchWriter {
  /** Documents in plan order; those before `#cursor` have every new chunk embedded. */
  #pending: PendingDocument[] = [];
  #cursor = 0;
  /** New chunks of pending documents that are not embedded yet. */
  #queued = 0;
  /** New and stale chunks of the documents before `#cursor`: the work of the next write. */
  #ready = 0;

  constructor(private readonly o: BatchWriterOptions) {}

  async add(plan: DocumentPlan): Promise<void> {
    if (this.o.embedder) {
      this.#pending.push({ plan, chunks: [] });
      this.#queued += plan.fresh.length;
    } else {
      this.#pending.push({ plan, chunks: plan.fresh });
    }
    this.#advance();
    while (this.#queued >= this.o.batchSize) await this.#embedNext();
    if (this.#ready >= this.o.writeBatchSize || this.#cursor >= this.o.writeBatchSize) {
      await this.#write();
    }
  }

  async finish(): Promise<void> {
    while (this.#queued > 0) await this.#embedNext();
    await this.#write();
  }

  /** Moves the cursor past the documents whose new chunks are all embedded. */
  #advance(): void {
    for (let next = this.#pending[this.#cursor]; next; next = this.#pending[this.#cursor]) {
      if (next.chunks.length < next.plan.fresh.length) return;
      this.#ready += next.plan.fresh.length + next.plan.stale.length;
      this.#cursor++;
    }
  }

  /**
   * One embedder call for the next `batchSize` queued texts. If it fails, each document it
   * touched is retried on its own, so only a document whose text the provider rejects is
   * reported (and dropped: the index keeps its previous chunks).
   */
  async #embedNext(): Promise<void> {
    const slice: Array<{ entry: PendingDocument; chunk: Chunk }> = [];
    for (let i = this.#cursor; i < this.#pending.length && slice.length < this.o.batchSize; i++) {
      const entry = this.#pending[i]!;
      const { fresh } = entry.plan;
      for (let j = entry.chunks.length; j < fresh.length && slice.length < this.o.batchSize; j++)
        slice.push({ entry, chunk: fresh[j]! });
    }
    try {
      const vectors = await this.#vectors(slice.map((s) => s.chunk));
      for (const [i, { entry, chunk }] of slice.entries())
        entry.chunks.push({ ...chunk, vector: vectors[i]! });
      this.#queued -= slice.length;
    } catch (batchError) {
      // A rate limit is about the provider, not the documents: hand it up (the sync worker
      // waits it out) instead of failing every document of the batch.
      if (isRateLimited(batchError)) await this.#storeAndThrow(batchError);
      for (const entry of new Set(slice.map((s) => s.entry))) {
        const rest = entry.plan.fresh.slice(entry.chunks.length);
        try {
          const vectors = await this.#vectors(rest);
          for (const [i, chunk] of rest.entries())
            entry.chunks.push({ ...chunk, vector: vectors[i]! });
        } catch (err) {
          if (isRateLimited(err)) await this.#storeAndThrow(err);
          this.o.report.failed.push({
            docId: entry.plan.docId,
            reason: `embedding failed: ${messageOf(err)}`,
          });
          this.#pending.splice(this.#pending.indexOf(entry), 1);
        }
        this.#queued -= rest.length;
      }
    }
    this.#advance();
  }

  /**
   * Writes the documents already embedded before a rate limit is handed up, so the retry of the
   * sync job does not pay for their vectors again; the limit is thrown even if that write fails.
   */
  async #storeAndThrow(limit: unknown): Promise<never> {
    this.#advance();
    await this.#write().catch(() => {});
    throw limit;
  }

  /** One upsert of the embedded documents' new chunks, then one delete of their stale ones. */
  async #write(): Promise<void> {
    const done = this.#pending.splice(0, this.#cursor);
    this.#cursor = 0;
    this.#ready = 0;
    if (done.length === 0) return;
    const { index, report, onStored } = this.o;
    const chunks = done.flatMap((d) => d.chunks);
    if (chunks.length > 0) await index.upsert(chunks);
    const stale = done.flatMap((d) => d.plan.stale);
    if (stale.length > 0) report.removed += await index.deleteChunks(stale);
    for (const { plan } of done) {
      report.documents++;
      report.added += plan.fresh.length;
      report.unchanged += plan.unchanged;
      report.chunks += plan.fresh.length + plan.unchanged;
      onStored?.(plan.docId, plan.current);
    }
  }

  async #vectors(chunks: Chunk[]): Promise<number[][]> {
    const embedder = this.o.embedder!;
    const out: number[][] = [];
    for (let i = 0; i < chunks.length; i += this.o.batchSize) {
      const texts = chunks.slice(i, i + this.o.batchSize).map(embeddingText);
      this.o.report.embedded += texts.length;
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

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SwitchboardError('BAD_REQUEST', `${name} must be a positive integer`, {
      details: { [name]: value },
    });
  }
  return value;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isRateLimited(err: unknown): boolean {
  return isSwitchboardError(err) && err.code === 'RATE_LIMITED';
}

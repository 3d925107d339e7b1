/** A document as a loader produced it, before chunking. */
export interface SourceDocument {
  /** Stable id: the path relative to the source root, or the corpus id. */
  id: string;
  title: string;
  text: string;
  format: 'markdown' | 'html' | 'text';
  url?: string;
  /** Which configured source the document came from (e.g. "help-centre"). */
  source?: string;
  metadata?: Record<string, string | number | boolean>;
}

/** The unit the index stores and retrieval returns. */
export interface Chunk {
  /** Deterministic: derived from docId + `hash`, so re-ingesting an unchanged chunk is a no-op. */
  id: string;
  docId: string;
  /** Title of the document the chunk belongs to. */
  title: string;
  /** Headings from the document root down to this chunk's section. */
  sectionPath: string[];
  text: string;
  /** Fingerprint (sha256, hex) of everything stored with the chunk except `position`. */
  hash: string;
  /** Order of the chunk inside its document, from 0. */
  position: number;
  url?: string;
  source?: string;
  metadata?: Record<string, string | number | boolean>;
}

export interface EmbeddedChunk extends Chunk {
  /** Dense vector when an embedder is configured; absent in lexical-only mode. */
  vector?: number[];
}

export interface SearchQuery {
  text: string;
  /** Dense query vector; when absent, the search is lexical only. */
  vector?: number[];
  limit: number;
  filter?: { docIds?: string[]; source?: string };
}

export interface ScoredChunk {
  chunk: Chunk;
  /** Fused score used for ranking (higher is better; comparable only within one result list). */
  score: number;
  /** Raw lexical (BM25F) score, when the lexical side matched. */
  lexical?: number;
  /** Cosine similarity, when the dense side matched. */
  dense?: number;
  /** IDF-weighted share of the query's terms that occur in the chunk, in [0, 1]. */
  coverage?: number;
}

/**
 * The storage contract every index backend (embedded LanceDB, Qdrant) implements and that the
 * shared conformance suite checks. Backends never chunk, embed or rank across backends: they
 * store chunks and answer hybrid searches.
 */
/** How a rebuild that covered only part of the index becomes the whole index. */
export interface CommitRebuildOptions {
  /**
   * Rebuilt one source only: just before switching, every chunk of the live index from other
   * sources (chunks without a source included) is copied into `next`, vectors and all, so the
   * switch replaces that source and keeps the rest.
   */
  carryOver?: { exceptSource: string };
}

export interface KnowledgeIndex {
  readonly kind: string;
  /** Insert or replace chunks by id. */
  upsert(chunks: EmbeddedChunk[]): Promise<void>;
  /** Remove every chunk of the given documents; resolves to the number of chunks removed. */
  deleteDocuments(docIds: string[]): Promise<number>;
  /** Remove chunks by id; resolves to the number removed. */
  deleteChunks(chunkIds: string[]): Promise<number>;
  search(query: SearchQuery): Promise<ScoredChunk[]>;
  /** Chunk ids and hashes of one document (or all documents), for diffing during sync. */
  listChunks(filter?: {
    docId?: string;
    source?: string;
  }): Promise<Array<Pick<Chunk, 'id' | 'docId' | 'hash'>>>;
  /**
   * Every chunk of one document with its text, title and section path (no vectors), in
   * `position` order; `[]` for an unknown id. The id is data, never a query or a path: help
   * pages pass it straight from a URL.
   */
  getDocumentChunks(docId: string): Promise<Chunk[]>;
  count(): Promise<number>;
  close(): Promise<void>;
  /**
   * Full rebuilds (optional): an empty index to fill; `commitRebuild` switches readers to it
   * atomically, so queries never see a half-built index; `abortRebuild` throws it away.
   */
  beginRebuild?(): Promise<KnowledgeIndex>;
  commitRebuild?(next: KnowledgeIndex, options?: CommitRebuildOptions): Promise<void>;
  abortRebuild?(next: KnowledgeIndex): Promise<void>;
}

/** Retrieval result for one query, with a calibrated evidence strength in [0, 1]. */
export interface Retrieval {
  query: string;
  hits: ScoredChunk[];
  /** How strongly the best hits support answering (0 = nothing relevant, 1 = clearly covered). */
  evidence: number;
}

export interface Retriever {
  retrieve(query: string, options?: { limit?: number }): Promise<Retrieval>;
}

/** Dense embedding provider (LangChain-backed in production). */
export interface Embedder {
  readonly id: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

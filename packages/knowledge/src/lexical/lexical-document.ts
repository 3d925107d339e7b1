/** What the lexical engine indexes: one chunk with its document title and section headings. */
export interface LexicalDocument {
  /** Chunk id; adding a document with an existing id replaces it. */
  id: string;
  /** Title of the document the chunk belongs to (a "A > B > C" breadcrumb is understood). */
  title: string;
  /** Headings from the document root down to the chunk's section. */
  sectionPath: string[];
  text: string;
}

/** One ranked chunk. */
export interface LexicalHit {
  id: string;
  /** BM25F score with bigram bonus and document prior; comparable only within one result list. */
  score: number;
  /** idf-weighted share of the query's distinct terms present in this chunk, in [0,1] */
  coverage: number;
}

export {
  type ChunkOptions,
  chunkDocument,
  chunkFingerprint,
  chunkId,
  DEFAULT_MAX_CHARS,
  DEFAULT_OVERLAP_CHARS,
} from './chunking/chunk-document.ts';
export { type DocumentSection, documentSections } from './chunking/document-sections.ts';
export { EmbeddedIndex, type EmbeddedIndexOptions } from './embedded/embedded-index.ts';
export { RRF_K, reciprocalRankFusion } from './embedded/reciprocal-rank-fusion.ts';
export { embeddingText } from './ingest/embedding-text.ts';
export {
  type IngestOptions,
  type IngestReport,
  ingestDocuments,
} from './ingest/ingest-documents.ts';
export {
  type LexicalDocument,
  type LexicalHit,
  LexicalIndex,
  type LexicalIndexOptions,
} from './lexical/lexical-index.ts';
export {
  type SparseVector,
  sparseDocumentVector,
  sparseQueryVector,
} from './lexical/sparse-vector.ts';
export { DOCUMENT_EXTENSIONS, fileDocument } from './loaders/file-document.ts';
export { type LoadDirectoryOptions, loadDirectory } from './loaders/load-directory.ts';
export { type LoadJsonlCorpusOptions, loadJsonlCorpus } from './loaders/load-jsonl-corpus.ts';
export {
  DEFAULT_MAX_DOCUMENT_BYTES,
  type LoadProblem,
  type LoadResult,
} from './loaders/load-result.ts';
export { htmlTitle, markdownTitle, textTitle } from './loaders/titles.ts';
export { walkFiles } from './loaders/walk-files.ts';
export { QdrantIndex, type QdrantIndexOptions } from './qdrant/qdrant-index.ts';
export { KnowledgeRetriever, type KnowledgeRetrieverOptions } from './retriever.ts';

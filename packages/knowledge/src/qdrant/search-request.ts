import type { Schemas } from '@qdrant/js-client-rest';
import type { SearchQuery } from '@switchboard/core';
import { analyzeQuery, analyzeText } from '../lexical/analyzer.ts';
import { resolveLexicalOptions } from '../lexical/lexical-options.ts';
import type { SparseVector } from '../lexical/sparse-vector.ts';
import { DENSE_VECTOR, SPARSE_VECTOR } from './collection-schema.ts';

type Filter = Schemas['Filter'];
type QueryRequest = Schemas['QueryRequest'];

// Each side of a hybrid search contributes this many candidates per requested hit (at least
// MIN_CANDIDATES) to the fusion, as in the embedded index.
const CANDIDATES_PER_HIT = 4;
const MIN_CANDIDATES = 40;

/** Conditions on our payload keys and point ids, AND-ed; undefined when there are none. */
export function chunkFilter(options: {
  docIds?: string[] | undefined;
  source?: string | undefined;
  pointIds?: string[] | undefined;
}): Filter | undefined {
  const must: NonNullable<Filter['must']> = [];
  if (options.docIds !== undefined) must.push({ key: 'docId', match: { any: options.docIds } });
  if (options.source !== undefined) must.push({ key: 'source', match: { value: options.source } });
  if (options.pointIds !== undefined) must.push({ has_id: options.pointIds });
  return must.length > 0 ? { must } : undefined;
}

/**
 * Body of `POST /collections/{name}/points/query`. With both a sparse and a dense query, each
 * side is a prefetch and Qdrant fuses them by reciprocal rank (`{fusion: "rrf"}`); with one side
 * only, that side is the query. The dense vector is returned so the cosine can be reported.
 */
export function searchRequest(options: {
  query: SearchQuery;
  sparse: SparseVector | undefined;
  dense: number[] | undefined;
}): QueryRequest {
  const { query, sparse, dense } = options;
  const filter = chunkFilter(query.filter ?? {});
  const common: QueryRequest = {
    limit: query.limit,
    with_payload: true,
    with_vector: dense === undefined ? false : [DENSE_VECTOR],
    ...(filter ? { filter } : {}),
  };
  if (sparse !== undefined && dense !== undefined) {
    const limit = Math.max(query.limit * CANDIDATES_PER_HIT, MIN_CANDIDATES);
    // The filter is repeated in each prefetch so every candidate list is already filtered.
    const side = (q: number[] | SparseVector, using: string) => ({
      query: q,
      using,
      limit,
      ...(filter ? { filter } : {}),
    });
    return {
      ...common,
      prefetch: [side(sparse, SPARSE_VECTOR), side(dense, DENSE_VECTOR)],
      query: { fusion: 'rrf' },
    };
  }
  if (sparse !== undefined) return { ...common, query: sparse, using: SPARSE_VECTOR };
  return { ...common, query: dense ?? [], using: DENSE_VECTOR };
}

/** Sparse-only query scoring just the given points: their raw (IDF-weighted) lexical scores. */
export function lexicalScoresRequest(options: {
  sparse: SparseVector;
  pointIds: string[];
}): QueryRequest {
  return {
    query: options.sparse,
    using: SPARSE_VECTOR,
    filter: chunkFilter({ pointIds: options.pointIds }),
    limit: options.pointIds.length,
    with_payload: false,
    with_vector: false,
  };
}

/** Cosine similarity; Qdrant stores cosine vectors normalised, but we do not rely on it. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Share of the query's distinct analysed terms found in the chunk's title, section path or text.
 * Unlike the embedded index, this share is NOT IDF-weighted: Qdrant applies its IDF inside the
 * server and does not expose it, so every query term counts equally here.
 */
export function termCoverage(options: {
  query: string;
  chunk: { title: string; sectionPath: string[]; text: string };
}): number {
  const { queryStopwords } = resolveLexicalOptions();
  const wanted = new Set(analyzeQuery(options.query, queryStopwords).map((t) => t.term));
  if (wanted.size === 0) return 0;
  const { title, sectionPath, text } = options.chunk;
  const present = new Set(analyzeText([title, ...sectionPath, text].join('\n')));
  let found = 0;
  for (const term of wanted) if (present.has(term)) found++;
  return found / wanted.size;
}

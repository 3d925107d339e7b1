import type { QdrantClient } from '@qdrant/js-client-rest';
import type { ScoredChunk, SearchQuery } from '@switchboard/core';
import { checkLimit, checkQueryVector } from '../embedded/checks.ts';
import { sparseQueryVector } from '../lexical/sparse-vector.ts';
import { DENSE_VECTOR } from './collection-schema.ts';
import { chunkFromPayload } from './point-mapping.ts';
import { cosine, lexicalScoresRequest, searchRequest, termCoverage } from './search-request.ts';

/**
 * One search through the Query API. Qdrant returns only the fused score, so the lexical score of
 * each hybrid hit comes from a second, sparse-only query restricted to the hits, and its cosine
 * is computed from the returned dense vector (present whenever the chunk has one).
 */
export async function searchChunks(options: {
  client: QdrantClient;
  collection: string;
  query: SearchQuery;
  /** Dense size of the collection; undefined when it has no dense vector (query vector ignored). */
  denseDimension: number | undefined;
}): Promise<ScoredChunk[]> {
  const { client, collection, query, denseDimension } = options;
  checkLimit(query.limit);
  if (query.limit === 0 || query.filter?.docIds?.length === 0) return [];
  const sparseQuery = sparseQueryVector(query.text);
  const sparse = sparseQuery.indices.length > 0 ? sparseQuery : undefined;
  let dense: number[] | undefined;
  // A zero vector has no direction: such a search is lexical only.
  if (query.vector !== undefined && denseDimension !== undefined) {
    if (checkQueryVector(query.vector, denseDimension)) dense = query.vector;
  }
  if (sparse === undefined && dense === undefined) return [];

  const { points } = await client.query(collection, searchRequest({ query, sparse, dense }));
  let lexical = new Map<string, number>();
  if (sparse !== undefined && dense === undefined) {
    lexical = new Map(points.map((p) => [String(p.id), p.score]));
  } else if (sparse !== undefined && points.length > 0) {
    const pointIds = points.map((p) => String(p.id));
    const scored = await client.query(collection, lexicalScoresRequest({ sparse, pointIds }));
    lexical = new Map(scored.points.map((p) => [String(p.id), p.score]));
  }

  return points.map((point): ScoredChunk => {
    const chunk = chunkFromPayload(point.payload);
    const hit: ScoredChunk = { chunk, score: point.score };
    const lexicalScore = lexical.get(String(point.id));
    if (lexicalScore !== undefined && lexicalScore > 0) hit.lexical = lexicalScore;
    const vectors = point.vector as Record<string, unknown> | null | undefined;
    const vector = vectors?.[DENSE_VECTOR];
    if (dense !== undefined && Array.isArray(vector)) hit.dense = cosine(dense, vector as number[]);
    hit.coverage = termCoverage({ query: query.text, chunk });
    return hit;
  });
}

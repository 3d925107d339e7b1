import type { Chunk, EmbeddedChunk } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { sparseDocumentVector } from '../lexical/sparse-vector.ts';
import { DENSE_VECTOR, SPARSE_VECTOR } from './collection-schema.ts';

/**
 * Qdrant point ids must be unsigned integers or UUIDs, while chunk ids are arbitrary strings.
 * The first 128 bits of sha256(chunk id), formatted as a UUID, are deterministic (re-upserting a
 * chunk replaces its point) and collide only with negligible probability.
 */
export function pointId(chunkId: string): string {
  const hex = sha256(chunkId).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Payload stored with every point: every Chunk field (the id as `chunkId`) plus filter keys. */
// A type alias (not an interface) so it is assignable to Qdrant's `Record<string, unknown>` payload.
export type ChunkPayload = Omit<Chunk, 'id'> & {
  chunkId: string;
  /** `metadata.tags` as a keyword list (a string is split on commas), for a payload index. */
  tags?: string[];
};

/** A point as `PUT /collections/{name}/points` takes it. */
export interface ChunkPoint {
  id: string;
  vector: Record<string, number[] | { indices: number[]; values: number[] }>;
  payload: ChunkPayload;
}

function tagsOf(metadata: Chunk['metadata']): string[] | undefined {
  const raw = metadata?.tags;
  if (raw === undefined) return undefined;
  const tags = typeof raw === 'string' ? raw.split(',') : [String(raw)];
  return tags.map((t) => t.trim()).filter((t) => t !== '');
}

export function toPoint(chunk: EmbeddedChunk): ChunkPoint {
  const { id, vector, ...fields } = chunk;
  const payload: ChunkPayload = { chunkId: id, ...fields };
  const tags = tagsOf(chunk.metadata);
  if (tags !== undefined) payload.tags = tags;
  const sparse = sparseDocumentVector({
    id,
    title: chunk.title,
    sectionPath: chunk.sectionPath,
    text: chunk.text,
  });
  const vectors: ChunkPoint['vector'] = {};
  // An empty sparse vector carries no information; leaving it out keeps the point valid.
  if (sparse.indices.length > 0) vectors[SPARSE_VECTOR] = sparse;
  if (vector !== undefined) vectors[DENSE_VECTOR] = vector;
  return { id: pointId(id), vector: vectors, payload };
}

/** Rebuilds the Chunk from a stored payload (derived keys such as `tags` are dropped). */
export function chunkFromPayload(payload: Record<string, unknown> | null | undefined): Chunk {
  const p = (payload ?? {}) as Partial<ChunkPayload>;
  const chunk: Chunk = {
    id: String(p.chunkId),
    docId: String(p.docId),
    title: p.title ?? '',
    sectionPath: p.sectionPath ?? [],
    text: p.text ?? '',
    hash: p.hash ?? '',
    position: p.position ?? 0,
  };
  if (p.url !== undefined) chunk.url = p.url;
  if (p.source !== undefined) chunk.source = p.source;
  if (p.metadata !== undefined) chunk.metadata = p.metadata;
  return chunk;
}

import type { QdrantClient } from '@qdrant/js-client-rest';

/** Name of the dense (embedding) vector of every point. */
export const DENSE_VECTOR = 'dense';
/** Name of the sparse (lexical, BM25F-like) vector of every point. */
export const SPARSE_VECTOR = 'sparse';
/** Payload keys with a keyword index, so filters on them stay fast on large collections. */
export const INDEXED_PAYLOAD_KEYS = ['source', 'docId', 'tags'] as const;

/**
 * Creates a collection with our schema: named vectors `dense` (cosine, when a dimension is given)
 * and `sparse` (always, with Qdrant's `idf` modifier: the sparse document vectors hold only
 * saturated term frequencies and Qdrant supplies the IDF from its collection statistics), plus
 * keyword payload indexes. Every step waits, so the collection is usable when this resolves.
 */
export async function createChunkCollection(options: {
  client: QdrantClient;
  collection: string;
  denseDimension?: number | undefined;
}): Promise<void> {
  const { client, collection, denseDimension } = options;
  await client.createCollection(collection, {
    // Sparse-only collections simply have no dense vectors section.
    ...(denseDimension === undefined
      ? {}
      : { vectors: { [DENSE_VECTOR]: { size: denseDimension, distance: 'Cosine' as const } } }),
    sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
  });
  for (const key of INDEXED_PAYLOAD_KEYS) {
    await client.createPayloadIndex(collection, {
      field_name: key,
      field_schema: 'keyword',
      wait: true,
    });
  }
}

/** Dense size of an existing collection (undefined when it has no `dense` vector). */
export async function denseDimensionOf(options: {
  client: QdrantClient;
  collection: string;
}): Promise<number | undefined> {
  const info = await options.client.getCollection(options.collection);
  const vectors = info.config.params.vectors;
  if (vectors === undefined || vectors === null || 'size' in vectors) return undefined;
  const dense = (vectors as Record<string, { size: number } | undefined>)[DENSE_VECTOR];
  return dense?.size;
}

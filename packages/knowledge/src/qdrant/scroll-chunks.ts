import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import type { Chunk } from '@switchboard/core';
import { chunkFromPayload } from './point-mapping.ts';

const SCROLL_PAGE = 256;

/**
 * Every chunk's id, docId and hash matching `filter`, page by page, ordered like the embedded
 * index lists them (by document, then position); only those payload keys are fetched.
 */
export async function scrollChunkIds(options: {
  client: QdrantClient;
  collection: string;
  filter: Schemas['Filter'] | undefined;
}): Promise<Array<Pick<Chunk, 'id' | 'docId' | 'hash'>>> {
  const { client, collection, filter } = options;
  const rows: Array<Pick<Chunk, 'id' | 'docId' | 'hash' | 'position'>> = [];
  let offset: string | number | undefined;
  do {
    const page = await client.scroll(collection, {
      limit: SCROLL_PAGE,
      // `position` is fetched only to order the list.
      with_payload: ['chunkId', 'docId', 'hash', 'position'],
      with_vector: false,
      ...(filter ? { filter } : {}),
      ...(offset === undefined ? {} : { offset }),
    });
    for (const point of page.points) {
      const { id, docId, hash, position } = chunkFromPayload(point.payload);
      rows.push({ id, docId, hash, position });
    }
    const next = page.next_page_offset;
    offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
  } while (offset !== undefined);
  rows.sort((a, b) => (a.docId === b.docId ? a.position - b.position : a.docId < b.docId ? -1 : 1));
  return rows.map(({ id, docId, hash }) => ({ id, docId, hash }));
}

/**
 * Every chunk of one document, payload and all (no vectors), in `position` order: what a help
 * page shows. The id goes into a `match` condition, never into a path.
 */
export async function scrollDocumentChunks(options: {
  client: QdrantClient;
  collection: string;
  docId: string;
}): Promise<Chunk[]> {
  const { client, collection, docId } = options;
  const chunks: Chunk[] = [];
  let offset: string | number | undefined;
  do {
    const page = await client.scroll(collection, {
      limit: SCROLL_PAGE,
      with_payload: true,
      with_vector: false,
      filter: { must: [{ key: 'docId', match: { value: docId } }] },
      ...(offset === undefined ? {} : { offset }),
    });
    for (const point of page.points) chunks.push(chunkFromPayload(point.payload));
    const next = page.next_page_offset;
    offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
  } while (offset !== undefined);
  return chunks.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
}

/**
 * Copies every point matching `filter` from one collection to another as stored (payload and
 * named vectors), page by page: what a one-source rebuild carries over from the live collection.
 */
export async function copyPoints(options: {
  client: QdrantClient;
  from: string;
  to: string;
  filter: Schemas['Filter'];
}): Promise<number> {
  const { client, from, to, filter } = options;
  let copied = 0;
  let offset: string | number | undefined;
  do {
    const page = await client.scroll(from, {
      limit: SCROLL_PAGE,
      with_payload: true,
      with_vector: true,
      filter,
      ...(offset === undefined ? {} : { offset }),
    });
    const points = page.points.map((point) => ({
      id: point.id,
      payload: point.payload ?? {},
      vector: (point.vector ?? {}) as Schemas['VectorStruct'],
    }));
    if (points.length > 0) await client.upsert(to, { wait: true, points });
    copied += points.length;
    const next = page.next_page_offset;
    offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
  } while (offset !== undefined);
  return copied;
}

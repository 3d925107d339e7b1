import { QdrantClient } from '@qdrant/js-client-rest';
import type { EmbeddedChunk } from '@switchboard/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../../../test/support/http-server.ts';
import {
  type FakeQdrantData,
  startFakeQdrant,
} from '../../../../test/support/qdrant/fake-qdrant-server.ts';
import { OpenApiRequestValidator } from '../../../../test/support/qdrant/openapi-request-validator.ts';
import { type ChunkPoint, pointId } from './point-mapping.ts';
import { QdrantIndex } from './qdrant-index.ts';

const chunk = (id: string, text: string, extra: Partial<EmbeddedChunk> = {}): EmbeddedChunk => ({
  id,
  docId: id.split('#')[0] ?? id,
  title: 'Router help',
  sectionPath: ['Setup'],
  text,
  hash: `hash-${id}`,
  position: 0,
  ...extra,
});

const payload = (id: string, text: string) => {
  const { id: chunkId, ...rest } = chunk(id, text);
  return { chunkId, ...rest };
};

/** The parts of a recorded `points/query` body the assertions look at. */
interface QueryBody {
  query?: unknown;
  using?: string;
  limit?: number;
  filter?: { must?: Array<{ has_id?: string[] }> };
  prefetch?: Array<{ using: string; filter?: unknown }>;
}

let validator: OpenApiRequestValidator;
let server: LocalServer | undefined;

beforeAll(() => {
  validator = OpenApiRequestValidator.load();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every recorded request with its operation id, failing on any request the spec rejects. */
function validateAll(requests: LocalServer['requests']) {
  const results = requests.map((r) => ({ ...r, ...validator.validate(r) }));
  const invalid = results.filter((r) => r.errors.length > 0);
  expect(
    invalid.map((r) => `${r.method} ${r.path} (${r.operationId}): ${r.errors.join('; ')}`),
  ).toEqual([]);
  return results;
}

describe('the request validator', () => {
  it('rejects bodies that break the spec', () => {
    expect(
      validator.validateSchema('CreateCollection', { vectors: { dense: { size: 'big' } } }),
    ).not.toEqual([]);
    const wrong = validator.validate({
      method: 'PUT',
      path: '/collections/c',
      body: { vectors: { dense: { size: 'big' } } },
    });
    expect(wrong.operationId).toBe('create_collection');
    expect(wrong.errors).not.toEqual([]);
    expect(
      validator.validate({
        method: 'POST',
        path: '/collections/c/points/query',
        body: { query: { fusion: 'max' } },
      }).errors,
    ).not.toEqual([]);
    expect(validator.validate({ method: 'POST', path: '/nowhere', body: {} }).errors).not.toEqual(
      [],
    );
  });

  it('accepts nullable fields and a valid body', () => {
    expect(
      validator.validate({
        method: 'POST',
        path: '/collections/c/points/scroll?timeout=3',
        body: { limit: 10, offset: null, filter: null, with_payload: ['a'] },
      }).errors,
    ).toEqual([]);
  });
});

describe('QdrantIndex requests against the Qdrant 1.19 OpenAPI spec', () => {
  it('sends only valid bodies through a full lifecycle', async () => {
    const data: FakeQdrantData = {
      denseDimension: 4,
      count: 2,
      points: [
        {
          id: pointId('a#1'),
          score: 0.5,
          payload: payload('a#1', 'reset the router'),
          vector: { dense: [1, 0, 0, 0] },
        },
        { id: pointId('a#2'), score: 0.25, payload: payload('a#2', 'router lights') },
      ],
    };
    server = await startFakeQdrant(data);
    const client = new QdrantClient({ url: server.url, checkCompatibility: false });
    const index = await QdrantIndex.open({
      url: server.url,
      collection: 'help',
      denseDimension: 4,
      client,
    });

    await index.upsert([
      chunk('a#1', 'Reset the router by holding the button.', {
        vector: [1, 0, 0, 0],
        metadata: { tags: 'router, reset' },
      }),
      chunk('a#2', 'Router lights explained.', { source: 'help', position: 1 }),
    ]);
    const hybrid = await index.search({
      text: 'reset router',
      vector: [1, 0, 0, 0],
      limit: 5,
      filter: { docIds: ['a'], source: 'help' },
    });
    const lexical = await index.search({ text: 'reset router', limit: 5 });
    expect(await index.deleteDocuments(['a', 'a'])).toBe(2);
    expect(await index.deleteChunks(['a#1'])).toBe(2);
    expect(await index.listChunks({ docId: 'a' })).toEqual([
      { id: 'a#1', docId: 'a', hash: 'hash-a#1' },
      { id: 'a#2', docId: 'a', hash: 'hash-a#2' },
    ]);
    expect(await index.count()).toBe(2);
    const next = await index.beginRebuild();
    await next.upsert([chunk('b#1', 'Rebuilt chunk.', { vector: [0, 1, 0, 0] })]);
    await index.commitRebuild(next, { carryOver: { exceptSource: 'help' } });
    await index.close();

    expect(hybrid.map((h) => h.chunk.id)).toEqual(['a#1', 'a#2']);
    expect(hybrid[0]).toMatchObject({ score: 0.5, lexical: 0.5, dense: 1, coverage: 1 });
    expect(hybrid[1]?.dense).toBeUndefined();
    expect(lexical[0]).toMatchObject({ score: 0.5, lexical: 0.5 });

    const results = validateAll(server.requests);
    const operations = new Set(results.map((r) => r.operationId));
    expect([...operations].sort()).toEqual([
      'collection_exists',
      'count_points',
      'create_collection',
      'create_field_index',
      'delete_collection',
      'delete_points',
      'get_collection',
      'get_collections_aliases',
      'query_points',
      'scroll_points',
      'update_aliases',
      'upsert_points',
    ]);

    const bodies = (operationId: string) => results.filter((r) => r.operationId === operationId);
    const created = bodies('create_collection');
    expect(created.map((r) => r.path)).toEqual(['/collections/help_v1', '/collections/help_v2']);
    expect(created[0]?.body).toEqual({
      vectors: { dense: { size: 4, distance: 'Cosine' } },
      sparse_vectors: { sparse: { modifier: 'idf' } },
    });
    expect(
      bodies('create_field_index').map((r) => (r.body as { field_name: string }).field_name),
    ).toEqual(['source', 'docId', 'tags', 'source', 'docId', 'tags']);

    const upserts = bodies('upsert_points');
    const firstPoint = (upserts[0]?.body as { points: ChunkPoint[] } | undefined)?.points[0];
    expect(upserts.map((r) => r.path.split('?')[0])).toEqual([
      '/collections/help/points',
      '/collections/help_v2/points',
      // the carry-over of the other sources' points, one upsert per scrolled page
      '/collections/help_v2/points',
      '/collections/help_v2/points',
    ]);
    const carried = (upserts[2]?.body as { points: ChunkPoint[] } | undefined)?.points[0];
    expect(carried).toMatchObject({ id: pointId('a#1'), vector: { dense: [1, 0, 0, 0] } });
    expect(firstPoint?.id).toBe(pointId('a#1'));
    expect(firstPoint?.payload).toMatchObject({
      chunkId: 'a#1',
      docId: 'a',
      tags: ['router', 'reset'],
    });
    expect(Object.keys(firstPoint?.vector ?? {}).sort()).toEqual(['dense', 'sparse']);

    const [fused, lexicalScores, sparseOnly] = bodies('query_points').map(
      (r) => r.body as QueryBody,
    );
    expect(fused?.query).toEqual({ fusion: 'rrf' });
    expect(fused?.prefetch?.map((p) => p.using)).toEqual(['sparse', 'dense']);
    expect(fused?.prefetch?.[0]?.filter).toEqual(fused?.filter);
    expect(fused?.filter?.must).toEqual([
      { key: 'docId', match: { any: ['a'] } },
      { key: 'source', match: { value: 'help' } },
    ]);
    expect(lexicalScores?.filter?.must?.[0]?.has_id).toEqual([pointId('a#1'), pointId('a#2')]);
    expect(sparseOnly).toMatchObject({ using: 'sparse', limit: 5 });
    expect(sparseOnly?.prefetch).toBeUndefined();

    const scrolls = bodies('scroll_points').map((r) => r.body as Record<string, unknown>);
    expect(scrolls).toHaveLength(4); // listChunks and the carry-over, each following next_page_offset
    expect(scrolls[2]).toMatchObject({
      with_vector: true,
      with_payload: true,
      filter: { must_not: [{ key: 'source', match: { value: 'help' } }] },
    });
    const aliasBodies = bodies('update_aliases').map((r) => r.body);
    expect(aliasBodies).toEqual([
      { actions: [{ create_alias: { collection_name: 'help_v1', alias_name: 'help' } }] },
      {
        actions: [
          { delete_alias: { alias_name: 'help' } },
          { create_alias: { collection_name: 'help_v2', alias_name: 'help' } },
        ],
      },
    ]);
    // The old collection goes only after the alias points at the new one.
    const swapAt = results.indexOf(bodies('update_aliases')[1] as (typeof results)[number]);
    const dropAt = results.findIndex((r) => r.operationId === 'delete_collection');
    expect(results[dropAt]?.path).toBe('/collections/help_v1');
    expect(dropAt).toBeGreaterThan(swapAt);
  });

  it('reads one document by scrolling with a docId match, pages followed, in position order', async () => {
    const docId = '../a%2Fb "<script>"';
    const point = (id: string, position: number) => ({
      id: pointId(id),
      score: 0,
      payload: { ...payload(id, `Part ${position}.`), docId, position },
    });
    server = await startFakeQdrant({
      count: 2,
      points: [point(`${docId}#2`, 1), point(`${docId}#1`, 0)],
    });
    const index = await QdrantIndex.open({ url: server.url, collection: 'help' });

    const chunks = await index.getDocumentChunks(docId);

    expect(chunks.map((c) => [c.id, c.position, c.text])).toEqual([
      [`${docId}#1`, 0, 'Part 0.'],
      [`${docId}#2`, 1, 'Part 1.'],
    ]);
    const scrolls = validateAll(server.requests).filter((r) => r.operationId === 'scroll_points');
    expect(scrolls.map((r) => r.path.split('?')[0])).toEqual([
      '/collections/help/points/scroll',
      '/collections/help/points/scroll',
    ]);
    expect(scrolls[0]?.body).toEqual({
      limit: 256,
      with_payload: true,
      with_vector: false,
      filter: { must: [{ key: 'docId', match: { value: docId } }] },
    });
    expect(scrolls[1]?.body).toMatchObject({ offset: pointId(`${docId}#1`) });
  });

  it('opens a lexical-only collection without a dense vector', async () => {
    server = await startFakeQdrant({ count: 0, points: [] });
    const index = await QdrantIndex.open({ url: server.url, collection: 'plain' });
    expect(await index.search({ text: 'router', vector: [1, 0], limit: 3 })).toEqual([]);
    await expect(index.upsert([chunk('a#1', 'x', { vector: [1, 0] })])).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });

    const results = validateAll(server.requests);
    expect(results.find((r) => r.operationId === 'create_collection')?.body).toEqual({
      sparse_vectors: { sparse: { modifier: 'idf' } },
    });
    expect(results.filter((r) => r.operationId === 'upsert_points')).toEqual([]);
  });
});

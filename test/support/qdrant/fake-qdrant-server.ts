import {
  type LocalServer,
  type RecordedRequest,
  sendJson,
  startLocalServer,
} from '../http-server.ts';

/** What the fake returns from `points/query` and `points/scroll` (tests tune it). */
export interface FakeQdrantData {
  points: Array<{ id: string; score: number; payload: Record<string, unknown>; vector?: unknown }>;
  /** Dense size reported by `GET /collections/{name}`; undefined = lexical-only collection. */
  denseDimension?: number;
  count: number;
  /** A route (`POST /collections/:name/points/count`) answered with Qdrant's 400 error shape. */
  failRoute?: string;
}

const ok = (result: unknown) => ({ result, status: 'ok', time: 0 });
const updated = ok({ operation_id: 1, status: 'completed' });

/**
 * A local HTTP server that answers like Qdrant with minimal valid responses and remembers the
 * collections and aliases it was told about, so alias resolution and rebuilds follow real flows.
 * It validates nothing: the recorded requests are checked against the OpenAPI spec afterwards.
 */
export async function startFakeQdrant(data: FakeQdrantData): Promise<LocalServer> {
  const collections = new Set<string>();
  const aliases = new Map<string, string>();
  return startLocalServer((req: RecordedRequest, res) => {
    const path = decodeURIComponent(new URL(req.path, 'http://x').pathname);
    const route = `${req.method} ${path.replace(/^\/collections\/(?!aliases$)[^/]+/, '/collections/:name')}`;
    const name = path.split('/')[2] ?? '';
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (route === data.failRoute) {
      return sendJson(res, 400, { status: { error: 'Wrong input: simulated failure' }, time: 0 });
    }
    switch (route) {
      case 'GET /aliases':
        return sendJson(
          res,
          200,
          ok({ aliases: [...aliases].map(([a, c]) => ({ alias_name: a, collection_name: c })) }),
        );
      case 'GET /collections/:name/exists':
        return sendJson(res, 200, ok({ exists: collections.has(name) }));
      case 'PUT /collections/:name':
        collections.add(name);
        return sendJson(res, 200, ok(true));
      case 'DELETE /collections/:name':
        collections.delete(name);
        return sendJson(res, 200, ok(true));
      case 'GET /collections/:name': {
        const vectors =
          data.denseDimension === undefined
            ? {}
            : { dense: { size: data.denseDimension, distance: 'Cosine' } };
        return sendJson(res, 200, ok({ status: 'green', config: { params: { vectors } } }));
      }
      case 'POST /collections/aliases': {
        for (const action of body.actions as Array<Record<string, Record<string, string>>>) {
          if (action.delete_alias) aliases.delete(action.delete_alias.alias_name ?? '');
          if (action.create_alias)
            aliases.set(
              action.create_alias.alias_name ?? '',
              action.create_alias.collection_name ?? '',
            );
        }
        return sendJson(res, 200, ok(true));
      }
      case 'PUT /collections/:name/index':
      case 'PUT /collections/:name/points':
      case 'POST /collections/:name/points/delete':
        return sendJson(res, 200, updated);
      case 'POST /collections/:name/points/count':
        return sendJson(res, 200, ok({ count: data.count }));
      case 'POST /collections/:name/points/query':
        return sendJson(res, 200, ok({ points: data.points.map((p) => ({ version: 0, ...p })) }));
      case 'POST /collections/:name/points/scroll': {
        // Two pages, so the client has to follow `next_page_offset`.
        const first = body.offset === undefined;
        const points = data.points.slice(first ? 0 : 1, first ? 1 : undefined);
        const next = first && data.points.length > 1 ? data.points[1]?.id : null;
        return sendJson(
          res,
          200,
          ok({
            points: points.map((p) => ({
              id: p.id,
              payload: p.payload,
              ...(body.with_vector === true && p.vector ? { vector: p.vector } : {}),
            })),
            next_page_offset: next,
          }),
        );
      }
      default:
        return sendJson(res, 404, {
          status: { error: `fake Qdrant has no route ${route}` },
          time: 0,
        });
    }
  });
}

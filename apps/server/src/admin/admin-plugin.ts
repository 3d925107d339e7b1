import { SwitchboardError } from '@switchboard/core';
import {
  type RedisSourceStore,
  type RunHistory,
  type SyncQueue,
  syncStatus,
  triggerSync,
} from '@switchboard/sync';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireAdmin } from './admin-auth.ts';

export interface AdminOptions {
  /** The bearer token every admin request must present. */
  token: string;
  queue: SyncQueue;
  sources: RedisSourceStore;
  history: RunHistory;
}

const MODES = ['incremental', 'full', 'failed-only'] as const;
type Mode = (typeof MODES)[number];

/** The trigger body: absent, or `{ mode? }` with nothing else. */
function parseSyncBody(body: unknown): Mode {
  if (body === undefined || body === null) return 'incremental';
  const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
  const unknown = fields?.find((field) => field !== 'mode');
  if (!fields || unknown) {
    throw new SwitchboardError(
      'BAD_REQUEST',
      `body: unknown field "${unknown ?? '(not an object)'}"`,
    );
  }
  const mode = (body as { mode?: unknown }).mode ?? 'incremental';
  if (!MODES.includes(mode as Mode)) {
    throw new SwitchboardError('BAD_REQUEST', `mode: must be one of ${MODES.join(', ')}`, {
      details: { field: 'mode' },
    });
  }
  return mode as Mode;
}

type NameParams = { Params: { name: string } };

/** Codes outside the core catalogue (401/409 exist only here), answered with the usual body. */
function refuse(reply: FastifyReply, status: 404 | 409, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

const notFound = (reply: FastifyReply, name: string) =>
  refuse(reply, 404, 'NOT_FOUND', `No source named "${name}".`);

/**
 * The sync admin API: manage sources, trigger and watch runs. Registered with its own
 * encapsulated context (prefix `/admin/api`), so its bearer check guards its routes only.
 */
export async function adminPlugin(app: FastifyInstance, options: AdminOptions): Promise<void> {
  const { queue, sources, history } = options;
  if (!options.token) throw new SwitchboardError('CONFIG_INVALID', 'The admin token is empty');
  app.addHook('onRequest', requireAdmin(options.token));

  app.get('/sources', async () => {
    const [specs, paused] = await Promise.all([sources.list(), sources.pausedNames()]);
    const rows = await Promise.all(
      specs.map(async (spec) => ({
        ...spec,
        paused: paused.has(spec.name),
        lastRun: (await history.list(spec.name))[0] ?? null,
      })),
    );
    return { sources: rows };
  });

  app.post('/sources', async (request, reply) => {
    // `add` validates with parseSourceSpec: a bad spec is a BAD_REQUEST naming the field.
    const spec = await sources.add(request.body);
    if (!spec) {
      const name = String((request.body as { name?: unknown }).name).trim();
      return refuse(reply, 409, 'CONFLICT', `A source named "${name}" already exists.`);
    }
    return reply.status(201).send({ source: spec });
  });

  app.delete<NameParams>('/sources/:name', async (request, reply) => {
    if (!(await sources.remove(request.params.name))) return notFound(reply, request.params.name);
    return reply.status(204).send();
  });

  app.post<NameParams>('/sources/:name/sync', async (request, reply) => {
    const { name } = request.params;
    const mode = parseSyncBody(request.body);
    if (!(await sources.getSpec(name))) return notFound(reply, name);
    if (await sources.isPaused(name)) {
      return refuse(reply, 409, 'SOURCE_PAUSED', `Source "${name}" is paused; resume it first.`);
    }
    const run = await triggerSync(queue, {
      source: name,
      mode,
      trigger: 'admin',
    });
    return reply.status(202).send(run);
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post<NameParams>(`/sources/:name/${action}`, async (request, reply) => {
      const { name } = request.params;
      if (!(await sources.setPaused(name, action === 'pause'))) return notFound(reply, name);
      return { name, paused: action === 'pause' };
    });
  }

  app.get<NameParams>('/sources/:name/runs', async (request, reply) => {
    const { name } = request.params;
    if (!(await sources.getSpec(name))) return notFound(reply, name);
    return { runs: await history.list(name) };
  });

  app.get('/status', () => syncStatus(queue, sources));
}

import type { Assistant, ConversationInsights, HandoffLoop } from '@switchboard/assistant';
import {
  type Citation,
  type DocsGapLog,
  type FeedbackStore,
  SwitchboardError,
} from '@switchboard/core';
import type { DocumentEvidence, HarvestStore } from '@switchboard/fine-tuning';
import type { CustomerData } from '@switchboard/runtime';
import {
  type RedisSourceStore,
  type RunHistory,
  type SyncQueue,
  syncStatus,
  triggerRemoval,
  triggerSync,
} from '@switchboard/sync';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type AdminThrottle, requireAdmin } from './admin-auth.ts';
import { askRoute } from './ask-route.ts';
import { conversationRoutes } from './conversation-routes.ts';
import { customerRoutes } from './customer-routes.ts';
import { handoffRoutes } from './handoff-routes.ts';
import { harvestRoutes } from './harvest-routes.ts';

export interface AdminOptions {
  /** The bearer token every admin request must present. */
  token: string;
  queue: SyncQueue;
  sources: RedisSourceStore;
  history: RunHistory;
  /** Customer feedback, listed at `GET /feedback`; left out, that route does not exist. */
  feedback?: FeedbackStore;
  /** The docs-gap list, at `GET /gaps`; left out, that route does not exist. */
  gaps?: DocsGapLog;
  /** Harvested training examples to review, at `/harvest`; left out, those routes do not exist. */
  harvest?: HarvestStore;
  /** Help pages customers found helpful, at `GET /knowledge/feedback`; left out, no such route. */
  knowledgeFeedback?: Pick<DocumentEvidence, 'list'>;
  /** Export and deletion of one customer's data, at `/customers`; left out, no such routes. */
  customers?: CustomerData;
  /** Conversations' handoff states, at `GET /handoffs?mode=`; left out, no such route. */
  handoffs?: Pick<HandoffLoop, 'list'>;
  /**
   * The conversation list, transcripts and outcome figures, at `/conversations` and `/outcomes`;
   * left out, no such routes.
   */
  conversations?: ConversationInsights;
  /** A link for a cited document without a URL in transcripts (its help page). @defaultValue none */
  citationLink?: (citation: Citation) => string | undefined;
  /** Throttles wrong tokens per client address (here, at login and on bull-board). */
  throttle?: AdminThrottle;
  /** The assistant, at `POST /ask` (`switchboard ask` while the server runs); left out, no such route. */
  assistant?: Pick<Assistant, 'reply'>;
}

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;

/** The `?limit=` of the list routes: absent, or one whole number 1..500; nothing else. */
function parseLimitQuery(query: unknown): number {
  const fields = Object.keys((query ?? {}) as object);
  const unknown = fields.find((field) => field !== 'limit');
  if (unknown) {
    throw new SwitchboardError('BAD_REQUEST', `query: unknown parameter "${unknown}"`, {
      details: { field: unknown },
    });
  }
  const raw = (query as { limit?: unknown } | undefined)?.limit;
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new SwitchboardError(
      'BAD_REQUEST',
      `limit: must be a whole number from 1 to ${MAX_LIMIT}`,
      {
        details: { field: 'limit' },
      },
    );
  }
  return limit;
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
  app.addHook('onRequest', requireAdmin(options.token, { throttle: options.throttle }));

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

  // Removing a source purges it: its removal run (in the source's history) deletes its
  // documents from the index and its records, so answers stop citing it.
  app.delete<NameParams>('/sources/:name', async (request, reply) => {
    const { name } = request.params;
    if (!(await sources.remove(name))) return notFound(reply, name);
    const run = await triggerRemoval(queue, { source: name, trigger: 'admin' });
    return reply.status(202).send({ removed: name, ...run });
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
    const runs = await history.list(name);
    // A removed source keeps its history (its removal run last): it is listed while it has one.
    if (runs.length === 0 && !(await sources.getSpec(name))) return notFound(reply, name);
    return { runs };
  });

  app.get('/status', () => syncStatus(queue, sources));

  const { feedback, gaps } = options;
  if (options.assistant) await askRoute(app, options.assistant);
  if (options.harvest) await harvestRoutes(app, options.harvest);
  if (options.customers) await customerRoutes(app, options.customers);
  if (options.handoffs) await handoffRoutes(app, options.handoffs);
  if (options.conversations)
    await conversationRoutes(app, {
      insights: options.conversations,
      ...(options.citationLink ? { citationLink: options.citationLink } : {}),
    });
  const { knowledgeFeedback } = options;
  if (knowledgeFeedback) {
    app.get('/knowledge/feedback', async (request) => ({
      documents: await knowledgeFeedback.list({ limit: parseLimitQuery(request.query) }),
    }));
  }
  if (feedback) {
    app.get('/feedback', async (request) => ({
      feedback: await feedback.recent(parseLimitQuery(request.query)),
    }));
  }
  if (gaps) {
    app.get('/gaps', async (request) => ({
      gaps: await gaps.recent(parseLimitQuery(request.query)),
    }));
  }
}

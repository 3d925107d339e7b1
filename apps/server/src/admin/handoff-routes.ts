import type { HandoffLoop } from '@switchboard/assistant';
import { type ConversationMode, SwitchboardError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';

const MODES: readonly ConversationMode[] = ['bot', 'waiting', 'agent'];

/** `?mode=` (bot, waiting or agent) and `?limit=` (1..500), both optional, nothing else. */
function filterOf(query: unknown): { mode?: ConversationMode; limit: number } {
  const q = (query ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(q).find((field) => field !== 'mode' && field !== 'limit');
  if (unknown)
    throw new SwitchboardError('BAD_REQUEST', `query: unknown parameter "${unknown}"`, {
      details: { field: unknown },
    });
  const mode = q.mode;
  if (mode !== undefined && !MODES.includes(mode as ConversationMode))
    throw new SwitchboardError('BAD_REQUEST', `mode: must be one of ${MODES.join(', ')}`, {
      details: { field: 'mode' },
    });
  const raw = q.limit;
  const limit =
    raw === undefined ? 100 : typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
  if (!(limit >= 1 && limit <= 500))
    throw new SwitchboardError('BAD_REQUEST', 'limit: must be a whole number from 1 to 500', {
      details: { field: 'limit' },
    });
  return { ...(mode ? { mode: mode as ConversationMode } : {}), limit };
}

/**
 * Handoffs for the support team (admin API, behind the admin token): `GET /handoffs?mode=waiting`
 * lists conversations' handoff states, newest change first, each with its history (who moved it
 * to which mode when), the targets that took the ticket and the agent who answered.
 */
export async function handoffRoutes(
  app: FastifyInstance,
  handoffs: Pick<HandoffLoop, 'list'>,
): Promise<void> {
  app.get('/handoffs', async (request) => ({
    handoffs: await handoffs.list(filterOf(request.query)),
  }));
}

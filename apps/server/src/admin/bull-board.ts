import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { SwitchboardError } from '@switchboard/core';
import type { SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.ts';
import { type AdminThrottle, requireAdmin } from './admin-auth.ts';
import { bullBoardPageHook } from './bull-board-policy.ts';

export interface BullBoardOptions {
  /** The admin token; a session cookie signed with it is accepted too. */
  token: string;
  /** The sync queue the board shows. */
  queue: SyncQueue;
  /** Throttles wrong bearer tokens per client address. */
  throttle?: AdminThrottle;
}

/**
 * bull-board (BullMQ's dashboard) for the sync queue, behind the admin auth. Register it with
 * the prefix it lives under (`/admin/queues`): its own context carries the guard, so the guard
 * covers the page, its static files and its JSON API, and nothing outside.
 */
export async function bullBoardPlugin(app: FastifyInstance, options: BullBoardOptions) {
  app.addHook('onRequest', requireAdmin(options.token, { throttle: options.throttle }));
  // Answered here, not thrown: inside the board, bull-board's own error handler makes any error a 500.
  app.addHook('preHandler', async (request, reply) => {
    if (!hasNul(request.url) && !hasNul(request.body)) return;
    const error = new SwitchboardError(
      'BAD_REQUEST',
      'NUL characters are not accepted by the queue board.',
    );
    return reply.status(error.status).send(errorBody(error));
  });
  // Its page is not ours: the policy and the fonts link are fixed on the way out.
  app.addHook('onSend', bullBoardPageHook());
  const serverAdapter = new FastifyAdapter();
  // The page builds its asset and API URLs from this, so it must be the full public path; the
  // adapter only guesses it from a prefix passed to its own registration, which has none here.
  serverAdapter.setBasePath(app.prefix);
  createBullBoard({
    queues: [new BullMQAdapter(options.queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Switchboard sync' } },
  });
  await app.register(serverAdapter.registerPlugin());
}

/**
 * bull-board joins an error's translation key and its details with a NUL character and splits
 * them again to answer; a NUL in the request (echoed into a validation message) breaks that
 * split and the board answers 500. No queue name, job id or job data needs one.
 */
function hasNul(value: unknown): boolean {
  // Walked with a stack, not recursion (nor JSON.stringify): a body may nest thousands deep.
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000') || /%00/i.test(next)) return true;
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, child] of Object.entries(next)) pending.push(key, child);
    }
  }
  return false;
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { SyncQueue } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
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

import type { Assistant } from '@switchboard/assistant';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { adminPagePlugin } from './admin/admin-page.ts';
import { type AdminOptions, adminPlugin } from './admin/admin-plugin.ts';
import { bullBoardPlugin } from './admin/bull-board.ts';
import { sessionRoutes } from './admin/session-routes.ts';
import { type BotFrameworkRouteOptions, botFrameworkRoute } from './botframework/messages-route.ts';
import { chatRoute } from './chat-route.ts';
import { handleError } from './errors.ts';
import { type HandoffRepliesOptions, handoffRepliesRoute } from './handoff-replies-route.ts';
import { type SlackRouteOptions, slackPlugin } from './slack/slack-plugin.ts';
import type { WebOptions } from './web/web-options.ts';
import { webPlugin } from './web/web-plugin.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, unknown>;
}

export interface AppOptions {
  assistant: Pick<Assistant, 'stream' | 'reply'>;
  health: () => Promise<HealthReport>;
  maxMessageChars: number;
  logger?: FastifyServerOptions['logger'];
  /**
   * The sync admin API under `/admin/api`, its browser login at `/admin/api/session`, the admin
   * page at `/admin` and bull-board at `/admin/queues`; left out, those routes do not exist.
   */
  admin?: AdminOptions;
  /** The Bot Framework channel at `POST /api/messages` (Teams, Web Chat, Emulator); left out, off. */
  botframework?: BotFrameworkRouteOptions['channel'];
  /** The Slack channel (HTTP mode) at `POST /slack/events`; left out, that route does not exist. */
  slack?: SlackRouteOptions['channel'];
  /** The web widget: `/widget.js`, the demo page at `/`, `/api/widget/*`; left out, off. */
  web?: WebOptions;
  /** Signed agent replies from handoff targets at `POST /api/handoff/replies`; left out, off. */
  handoffReplies?: HandoffRepliesOptions;
}

/** Builds the HTTP app without listening, so tests can `inject()` requests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Room for the longest message plus JSON overhead; larger bodies are refused with 413.
    bodyLimit: Math.max(16_384, options.maxMessageChars * 8),
    // Fastify's defaults coerce types and silently drop unknown fields; a bad request must be refused.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } });
  });
  app.get('/healthz', async (_request, reply) => {
    const report = await options.health();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
  await app.register(chatRoute, {
    assistant: options.assistant,
    maxMessageChars: options.maxMessageChars,
  });
  if (options.handoffReplies) await app.register(handoffRepliesRoute, options.handoffReplies);
  if (options.botframework)
    await app.register(botFrameworkRoute, { channel: options.botframework });
  if (options.slack) await app.register(slackPlugin, { channel: options.slack });
  if (options.web) await app.register(webPlugin, options.web);
  if (options.admin) {
    const { token, queue } = options.admin;
    await app.register(adminPlugin, { ...options.admin, prefix: '/admin/api' });
    await app.register(sessionRoutes, { token, prefix: '/admin/api/session' });
    await app.register(bullBoardPlugin, { token, queue, prefix: '/admin/queues' });
    await app.register(adminPagePlugin);
  }
  return app;
}

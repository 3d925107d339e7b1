import type { BotFrameworkChannel } from '@switchboard/botframework';
import type { FastifyInstance } from 'fastify';

export interface BotFrameworkRouteOptions {
  channel: Pick<BotFrameworkChannel, 'handle'>;
}

/**
 * Activities can be far larger than a chat message (Teams adds channel data, entities, card
 * values), so this route gets its own body limit instead of the chat API's.
 */
const ACTIVITY_BODY_LIMIT = 256 * 1024;

/**
 * POST /api/messages: the Bot Framework messaging endpoint (Azure Bot, Teams, the Emulator).
 * Transport only: Fastify parses the JSON, the channel authenticates and runs the turn; its
 * errors (401 without a valid token) go through the app's error handler.
 */
export async function botFrameworkRoute(
  app: FastifyInstance,
  options: BotFrameworkRouteOptions,
): Promise<void> {
  app.post('/api/messages', { bodyLimit: ACTIVITY_BODY_LIMIT }, async (request, reply) => {
    const result = await options.channel.handle({
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    if (result.body === undefined) return reply.status(result.status).send();
    return reply.status(result.status).send(result.body);
  });
}

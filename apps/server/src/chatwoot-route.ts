import { type HandoffLoop, isChatwootToken, parseChatwootWebhook } from '@switchboard/assistant';
import { SwitchboardError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';

export interface ChatwootRouteOptions {
  /** CHATWOOT_WEBHOOK_TOKEN: the secret part of the webhook URL configured in Chatwoot. */
  token: string;
  loop: Pick<HandoffLoop, 'agentMessage' | 'handBack'>;
}

type TokenParams = { Params: { token: string } };

/**
 * `POST /api/handoff/chatwoot/<token>`: Chatwoot's webhook (the API inbox's, or an account
 * webhook with `message_created` and `conversation_status_changed`). Chatwoot does not sign its
 * webhooks, so the URL carries a secret token, compared in constant time; the route logs no
 * request lines (they would carry the URL, and so the token). An agent's outgoing message goes
 * to the customer; resolving the conversation hands it back to the bot.
 */
export async function chatwootRoute(
  app: FastifyInstance,
  options: ChatwootRouteOptions,
): Promise<void> {
  if (!options.token)
    throw new SwitchboardError('CONFIG_INVALID', 'The Chatwoot webhook token is empty');
  app.post<TokenParams>(
    '/api/handoff/chatwoot/:token',
    { logLevel: 'warn' },
    async (request, reply) => {
      if (!isChatwootToken(options.token, request.params.token))
        throw new SwitchboardError('UNAUTHORIZED', 'Unknown webhook.');
      const event = parseChatwootWebhook(request.body);
      if (event.kind === 'ignored') return reply.status(200).send({ handled: false });
      const link = { target: 'chatwoot', ref: event.ref };
      if (event.kind === 'agent_message') {
        const result = await options.loop.agentMessage({
          link,
          text: event.text,
          agent: { via: 'chatwoot', ...event.agent },
        });
        return reply
          .status(200)
          .send({ handled: result.state !== null, delivered: result.delivered });
      }
      const back = await options.loop.handBack({ link, by: 'agent', agent: { via: 'chatwoot' } });
      return reply.status(200).send({ handled: back !== null });
    },
  );
}

import type { RequestListener } from 'node:http';
import { SwitchboardError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';

export interface SlackRouteOptions {
  /** The channel's path and Bolt request listener (`SlackChannel` in HTTP mode fits). */
  channel: { endpoint: string; handler?: RequestListener | undefined };
}

/**
 * `POST /slack/events`: events, slash commands and interactivity on one URL, as Slack allows.
 * Bolt must see the raw body to verify the signature, so this encapsulated plugin replaces the
 * body parsers with one that leaves the stream unread, and hands the untouched Node request and
 * response to Bolt's HTTPReceiver (which answers 401 to a bad signature or a stale timestamp).
 */
export async function slackPlugin(app: FastifyInstance, options: SlackRouteOptions): Promise<void> {
  const { handler, endpoint } = options.channel;
  if (!handler)
    throw new SwitchboardError('CONFIG_INVALID', 'The Slack channel is not in HTTP mode');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.post(endpoint, (request, reply) => {
    reply.hijack();
    handler(request.raw, reply.raw);
  });
}

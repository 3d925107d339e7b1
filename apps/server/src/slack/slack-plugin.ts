import { SwitchboardError } from '@switchboard/core';
import type { SlackHttpHandler } from '@switchboard/slack';
import type { FastifyInstance } from 'fastify';

export interface SlackRouteOptions {
  /** The channel's path and HTTP handler (`SlackChannel` in HTTP mode fits). */
  channel: { endpoint: string; handler?: SlackHttpHandler | undefined };
}

/** Slack's payloads are small; Bolt's own limit (4 MB) is far more than any of them needs. */
const SLACK_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /slack/events`: events, slash commands and interactivity on one URL, as Slack allows.
 * The signature covers the raw bytes, so this encapsulated plugin replaces the body parsers with
 * one that keeps the body as a Buffer. The channel verifies the request (signature, timestamp
 * window, payload shape) before Bolt sees it: a refusal goes through the app's error handler as
 * a typed 401 or 400; a request that passed is handed to Bolt's HTTPReceiver, which answers it.
 */
export async function slackPlugin(app: FastifyInstance, options: SlackRouteOptions): Promise<void> {
  const { handler, endpoint } = options.channel;
  if (!handler)
    throw new SwitchboardError('CONFIG_INVALID', 'The Slack channel is not in HTTP mode');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: SLACK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  app.post(endpoint, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (handler.verify({ headers: request.headers, rawBody }) === 'foreign_action')
      return reply.status(200).send();
    reply.hijack();
    handler.dispatch(request.raw, reply.raw, rawBody);
  });
}

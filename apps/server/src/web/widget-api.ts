import { randomUUID } from 'node:crypto';
import type { Citation, Reply } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/core';
import {
  type CitationLinker,
  checkMessage,
  createOriginPolicy,
  createSessionToken,
  isConversationId,
  type SessionClaims,
  verifyIdentityToken,
  widgetCitations,
  widgetTranscript,
} from '@switchboard/web-channel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { streamSse } from '../sse.ts';
import { articlePath } from './articles.ts';
import { enforceLimit, originGuard, ownOrigin, sessionOf } from './guards.ts';
import type { WebOptions } from './web-options.ts';
import { widgetHandoffRoutes, widgetHandoffState } from './widget-handoff.ts';

const sessionBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    conversationId: { type: 'string', minLength: 1, maxLength: 128 },
    grant: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
    identity: { type: 'string', minLength: 1, maxLength: 4096 },
  },
} as const;
const chatBody = {
  type: 'object',
  required: ['message'],
  additionalProperties: false,
  properties: { message: { type: 'string' } },
} as const;
const feedbackBody = {
  type: 'object',
  required: ['messageId', 'rating'],
  additionalProperties: false,
  properties: {
    messageId: { type: 'string', minLength: 1, maxLength: 128 },
    rating: { type: 'string', enum: ['up', 'down'] },
    reason: { type: 'string', maxLength: 500 },
  },
} as const;

/** `conversationId` when the caller owns it, else the 404 that unknown ids get too. */
async function openOwned(
  owners: WebOptions['owners'],
  conversationId: string,
  grant: string | undefined,
  userId: string | undefined,
): Promise<{ conversationId: string; grant?: string }> {
  const proof = { ...(grant !== undefined ? { grant } : {}), ...(userId ? { userId } : {}) };
  if (await owners.canOpen(conversationId, proof)) return { conversationId };
  throw new SwitchboardError('NOT_FOUND', 'No conversation of yours has this id.', {
    details: { field: 'conversationId' },
  });
}

/**
 * The widget's API under /api/widget: sessions, streamed chat, feedback, handoff and the
 * transcript. The conversation always comes from the signed session token, never from a body,
 * and a session token is issued only for a conversation the caller owns (`ConversationOwners`).
 */
export async function widgetApi(app: FastifyInstance, options: WebOptions): Promise<void> {
  const clock = options.clock ?? Date.now;
  const policy = createOriginPolicy(options.allowedOrigins, options.publicUrl);
  const { limiter, rateLimits } = options;
  const session = (request: FastifyRequest, reply: Parameters<typeof sessionOf>[1]) =>
    sessionOf(request, reply, { secret: options.sessionSecret, clock });
  const linker = (request: FastifyRequest): CitationLinker => {
    if (!options.articles) return () => undefined;
    const base = options.publicUrl ?? ownOrigin(request);
    return (c: Citation) => `${base}${articlePath(c.docId)}`;
  };

  app.addHook('onRequest', originGuard(policy));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS')
      await enforceLimit(limiter, reply, `ip:${request.ip}`, rateLimits.perIpPerMinute);
  });

  app.options('*', async (_request, reply) =>
    reply
      .status(204)
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'authorization, content-type')
      .header('access-control-max-age', '600')
      .send(),
  );

  // Said once per process: every page view of a site still on the old format would repeat it.
  let legacyIdentitySeen = false;
  app.post<{ Body: { conversationId?: string; grant?: string; identity?: string } }>(
    '/session',
    { schema: { body: sessionBody } },
    async (request) => {
      const { conversationId, grant, identity } = request.body;
      if (conversationId !== undefined && !isConversationId(conversationId))
        throw new SwitchboardError('BAD_REQUEST', 'conversationId is not a valid id', {
          details: { field: 'conversationId' },
        });
      let user: { userId?: string; name?: string; email?: string } = {};
      if (identity !== undefined) {
        if (!options.identitySecret)
          throw new SwitchboardError('BAD_REQUEST', 'Identified users are not enabled here.', {
            details: { field: 'identity' },
          });
        const {
          exp: _exp,
          format,
          ...who
        } = await verifyIdentityToken(identity, {
          secret: options.identitySecret,
          clock,
        });
        if (format === 'legacy' && !legacyIdentitySeen) {
          legacyIdentitySeen = true;
          request.log.warn(
            { event: 'widget.identity.legacy_format' },
            'an identity token in the legacy <payload>.<hmac> format was accepted: mint HS256 JWTs instead (README, "Identified users"); the next release refuses the legacy format',
          );
        }
        user = who;
      }
      // A new conversation is created here, owned by this caller; an existing one opens only
      // with its grant or for the identified user it belongs to. Unknown, foreign (another
      // visitor's, Slack's, Teams', an API key's) and expired ones get the same 404.
      const issued =
        conversationId === undefined
          ? await options.owners.create(user.userId)
          : await openOwned(options.owners, conversationId, grant, user.userId);
      const exp = Math.floor(clock() / 1000) + options.sessionTtlSeconds;
      const claims: SessionClaims = {
        sid: randomUUID(),
        conversationId: issued.conversationId,
        ...user,
        exp,
      };
      return {
        token: createSessionToken(claims, options.sessionSecret),
        expiresAt: exp * 1000,
        conversationId: claims.conversationId,
        // Only when the conversation is new: the widget keeps it to reopen the conversation.
        ...(issued.grant ? { grant: issued.grant } : {}),
      };
    },
  );

  app.post<{ Body: { message: string } }>(
    '/chat',
    { schema: { body: chatBody } },
    async (request, reply) => {
      const claims = session(request, reply);
      await enforceLimit(limiter, reply, `session:${claims.sid}`, rateLimits.perSessionPerMinute);
      const text = checkMessage(request.body.message, options.maxMessageChars);
      await options.owners.touch(claims.conversationId);
      const link = linker(request);
      const message = {
        conversationId: claims.conversationId,
        text,
        channel: 'web' as const,
        ...(claims.userId ? { userId: claims.userId } : {}),
      };
      const finished = (r: Reply) => ({
        messageId: r.messageId,
        text: r.text,
        citations: widgetCitations(r.citations, link),
        ...(r.handoff ? { handoff: r.handoff } : {}),
        // A person holds the conversation: the message was passed on, not answered.
        ...(r.held ? { held: r.held } : {}),
      });
      await streamSse(request, reply, async function* (signal) {
        for await (const event of options.assistant.stream(message, { signal })) {
          if (event.type === 'meta')
            yield {
              event: 'meta',
              data: { messageId: event.messageId, ...(event.held ? { held: event.held } : {}) },
            };
          else if (event.type === 'delta') yield { event: 'delta', data: { text: event.text } };
          else yield { event: 'done', data: { reply: finished(event.reply) } };
        }
      });
    },
  );

  app.post<{ Body: { messageId: string; rating: 'up' | 'down'; reason?: string } }>(
    '/feedback',
    { schema: { body: feedbackBody } },
    async (request, reply) => {
      const claims = session(request, reply);
      const { messageId, rating } = request.body;
      const turns = await options.memory.load(claims.conversationId);
      if (!turns.some((t) => t.role === 'assistant' && t.id === messageId))
        throw new SwitchboardError('NOT_FOUND', 'No such message in this conversation.', {
          details: { field: 'messageId' },
        });
      const reason = request.body.reason?.trim();
      await options.feedback.record({
        conversationId: claims.conversationId,
        messageId,
        rating,
        ...(reason ? { reason } : {}),
        channel: 'web',
        ...(claims.userId ? { userId: claims.userId } : {}),
        at: clock(),
      });
      return { recorded: true };
    },
  );

  await widgetHandoffRoutes(app, options, session);

  app.get('/conversation', async (request, reply) => {
    const claims = session(request, reply);
    const [turns, state] = await Promise.all([
      options.memory.load(claims.conversationId),
      options.handoff.state(claims.conversationId),
    ]);
    const suggestions = turns.length === 0 ? (options.suggestions?.() ?? []) : [];
    return {
      conversationId: claims.conversationId,
      turns: widgetTranscript(turns, linker(request)),
      // Waiting for a person, or with one: the widget shows it again after a reload.
      handoff: widgetHandoffState(state),
      // A new conversation: questions to start with (unless the page sets its own).
      ...(suggestions.length ? { suggestions } : {}),
    };
  });
}

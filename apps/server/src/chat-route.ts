import { randomUUID } from 'node:crypto';
import type { Assistant } from '@switchboard/assistant';
import { LOOPBACK_CALLER } from '@switchboard/config';
import { type InboundMessage, type Reply, SwitchboardError } from '@switchboard/core';
import type { ApiKeyRing, RateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { streamSse } from './sse.ts';
import { enforceLimit } from './web/guards.ts';

/** Who may call `/api/chat`, and how often. */
export interface ChatAccess {
  /** The configured API keys (SHA-256 digests only). */
  keys: Pick<ApiKeyRing, 'identify' | 'size'>;
  limiter: RateLimiter;
  perKeyPerMinute: number;
  /**
   * Development only: with no key configured and the server listening on loopback, callers on
   * this machine (and not forwarded by a proxy) are let in as the `local` caller.
   */
  allowLoopback: boolean;
}

export interface ChatRouteOptions {
  assistant: Pick<Assistant, 'stream' | 'reply'>;
  maxMessageChars: number;
  /** Left out: no caller is admitted (every request gets 401 saying the API is disabled). */
  access?: ChatAccess;
}

interface ChatBody {
  conversationId?: string;
  message: string;
}

const bodySchema = {
  type: 'object',
  required: ['message'],
  additionalProperties: false,
  properties: {
    conversationId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' },
    message: { type: 'string' },
  },
} as const;

function checkText(body: ChatBody, maxChars: number): string {
  const text = body.message.trim();
  if (!text)
    throw new SwitchboardError('BAD_REQUEST', 'message must not be empty', {
      details: { field: 'message' },
    });
  if (text.length > maxChars) {
    throw new SwitchboardError(
      'PAYLOAD_TOO_LARGE',
      `message is longer than ${maxChars} characters`,
      {
        details: { field: 'message', maxChars },
      },
    );
  }
  return text;
}

function wantsStream(query: unknown, accept: string | undefined): boolean {
  const stream = (query as { stream?: string } | undefined)?.stream;
  return stream === '1' || stream === 'true' || (accept ?? '').includes('text/event-stream');
}

const isLoopback = (ip: string) => /^(127\.|::1$|::ffff:127\.)/.test(ip);

/**
 * The caller's name: the API key the bearer token is, or `local` for an unforwarded loopback
 * request when `allowLoopback`. Anything else is a 401 that says why.
 */
function callerOf(request: FastifyRequest, reply: FastifyReply, access?: ChatAccess): string {
  const presented = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  const name = presented === undefined ? undefined : access?.keys.identify(presented);
  if (name) return name;
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (presented === undefined && access?.allowLoopback && isLoopback(request.ip) && !forwarded)
    return LOOPBACK_CALLER;
  void reply.header('www-authenticate', 'Bearer');
  if (presented !== undefined)
    throw new SwitchboardError('UNAUTHORIZED', 'The API key is not valid.');
  if (!access || access.keys.size === 0)
    throw new SwitchboardError(
      'UNAUTHORIZED',
      access?.allowLoopback
        ? 'No API key is configured: /api/chat answers callers on the server’s own machine only.'
        : '/api/chat is disabled: no API key is configured (SWITCHBOARD_API_KEYS).',
    );
  throw new SwitchboardError(
    'UNAUTHORIZED',
    'An API key is required: Authorization: Bearer <key>.',
  );
}

/**
 * Each caller's conversations live in a namespace of their own (`api:<key name>:<id>`), so one
 * key can neither read nor append to another key's, a widget's or a Slack conversation. The
 * caller sees its own id only.
 */
const namespaced = (caller: string, id: string) => `api:${caller}:${id}`;

/** The reply as its caller sees it: its own conversation id, not the namespaced one. */
const forCaller = (reply: Reply, id: string): Reply => ({ ...reply, conversationId: id });

/**
 * POST /api/chat: one reply as JSON, or server-sent events with `?stream=1`. Needs an API key
 * (`Authorization: Bearer <key>`), counted against the key's rate limit before anything else.
 */
export async function chatRoute(app: FastifyInstance, options: ChatRouteOptions): Promise<void> {
  const callers = new WeakMap<FastifyRequest, string>();
  const { access } = options;
  app.post<{ Body: ChatBody }>(
    '/api/chat',
    {
      schema: { body: bodySchema },
      // Authentication and the rate limit come first: a bad body from a stranger is a 401.
      onRequest: async (request, reply) => {
        const caller = callerOf(request, reply, access);
        if (access)
          await enforceLimit(access.limiter, reply, `api-key:${caller}`, access.perKeyPerMinute);
        callers.set(request, caller);
      },
    },
    async (request, reply) => {
      const caller = callers.get(request) ?? callerOf(request, reply, access);
      const text = checkText(request.body, options.maxMessageChars);
      const id = request.body.conversationId ?? randomUUID();
      const message: InboundMessage = {
        conversationId: namespaced(caller, id),
        text,
        channel: 'api',
      };
      if (!wantsStream(request.query, request.headers.accept))
        return forCaller(await options.assistant.reply(message), id);

      await streamSse(request, reply, async function* (signal) {
        for await (const event of options.assistant.stream(message, { signal })) {
          if (event.type === 'delta') yield { event: 'delta', data: { text: event.text } };
          else if (event.type === 'meta')
            yield { event: 'meta', data: { ...event, conversationId: id } };
          else yield { event: 'done', data: { ...event, reply: forCaller(event.reply, id) } };
        }
      });
    },
  );
}

import { randomUUID } from 'node:crypto';
import type { Assistant } from '@switchboard/assistant';
import { type InboundMessage, SwitchboardError, toSwitchboardError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

export interface ChatRouteOptions {
  assistant: Pick<Assistant, 'stream' | 'reply'>;
  maxMessageChars: number;
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

function toInbound(body: ChatBody, maxChars: number): InboundMessage {
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
  return { conversationId: body.conversationId ?? randomUUID(), text, channel: 'api' };
}

function wantsStream(query: unknown, accept: string | undefined): boolean {
  const stream = (query as { stream?: string } | undefined)?.stream;
  return stream === '1' || stream === 'true' || (accept ?? '').includes('text/event-stream');
}

/** POST /api/chat: one reply as JSON, or server-sent events with `?stream=1`. */
export async function chatRoute(app: FastifyInstance, options: ChatRouteOptions): Promise<void> {
  app.post<{ Body: ChatBody }>(
    '/api/chat',
    { schema: { body: bodySchema } },
    async (request, reply) => {
      const message = toInbound(request.body, options.maxMessageChars);
      if (!wantsStream(request.query, request.headers.accept))
        return options.assistant.reply(message);

      // Stop generating when the client goes away. Watch the response: the request emits 'close'
      // as soon as its body has been read, long before the answer is done.
      const abort = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) abort.abort();
      });
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: string, data: unknown) =>
        reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      try {
        for await (const event of options.assistant.stream(message, { signal: abort.signal })) {
          if (abort.signal.aborted) break;
          send(event.type, event.type === 'delta' ? { text: event.text } : event);
        }
      } catch (err) {
        // Headers are gone already: report the failure in-band, as SSE clients expect.
        const error = toSwitchboardError(err);
        if (error.status >= 500) request.log.error({ err, code: error.code }, 'stream failed');
        send('error', errorBody(error));
      } finally {
        reply.raw.end();
      }
    },
  );
}

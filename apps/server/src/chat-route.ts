import { randomUUID } from 'node:crypto';
import type { Assistant } from '@switchboard/assistant';
import { type InboundMessage, SwitchboardError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import { streamSse } from './sse.ts';

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

      await streamSse(request, reply, async function* (signal) {
        for await (const event of options.assistant.stream(message, { signal }))
          yield { event: event.type, data: event.type === 'delta' ? { text: event.text } : event };
      });
    },
  );
}

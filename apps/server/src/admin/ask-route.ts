import { randomUUID } from 'node:crypto';
import type { Assistant } from '@switchboard/assistant';
import { SwitchboardError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';

interface AskBody {
  question: string;
  conversationId?: string;
}

const bodySchema = {
  type: 'object',
  required: ['question'],
  additionalProperties: false,
  properties: {
    question: { type: 'string', maxLength: 20_000 },
    conversationId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' },
  },
} as const;

/**
 * `POST /ask` (under `/admin/api`): one reply of the server's assistant, for `switchboard ask`
 * while the server runs, so the CLI never opens the index itself. The reply is the whole
 * `Reply` (decision, scores, resolved query), as the CLI shows it; the conversation is the one
 * named, on the `cli` channel, as when the CLI answers locally.
 */
export async function askRoute(
  app: FastifyInstance,
  assistant: Pick<Assistant, 'reply'>,
): Promise<void> {
  app.post<{ Body: AskBody }>('/ask', { schema: { body: bodySchema } }, async (request) => {
    const text = request.body.question.trim();
    if (!text)
      throw new SwitchboardError('BAD_REQUEST', 'question must not be empty', {
        details: { field: 'question' },
      });
    const conversationId = request.body.conversationId ?? `cli-${randomUUID()}`;
    return assistant.reply({ conversationId, text, channel: 'cli' });
  });
}

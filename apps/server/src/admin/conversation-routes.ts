import type { ConversationDetail, ConversationInsights } from '@switchboard/assistant';
import type { Citation } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import {
  parseConversationId,
  parseConversationQuery,
  parseOutcomeQuery,
} from './conversation-query.ts';

/**
 * Conversations for the support team (admin API, behind the admin token):
 * `GET /conversations` lists and searches them (newest activity first, paged by cursor),
 * `GET /conversations/:id` answers one transcript with each turn's route, confidence, citations
 * and feedback, its issues and its handoff state, and `GET /outcomes` the outcome figures of a
 * period. Transcripts quote customers: no cache may keep them.
 */
export async function conversationRoutes(
  app: FastifyInstance,
  options: {
    insights: ConversationInsights;
    /** A link for a citation without a URL (the server's help page of the document). */
    citationLink?: (citation: Citation) => string | undefined;
    /** @defaultValue Date.now */
    clock?: () => number;
  },
): Promise<void> {
  const { insights, citationLink } = options;
  const clock = options.clock ?? Date.now;
  /** Every citation a link where one can be made, so the team can open what was cited. */
  const linked = (detail: ConversationDetail): ConversationDetail =>
    citationLink
      ? {
          ...detail,
          turns: detail.turns.map((turn) =>
            turn.citations
              ? {
                  ...turn,
                  citations: turn.citations.map((c) => {
                    const url = c.url ?? citationLink(c);
                    return url ? { ...c, url } : c;
                  }),
                }
              : turn,
          ),
        }
      : detail;
  app.get('/conversations', async (request, reply) => {
    const query = parseConversationQuery(request.query);
    void reply.header('cache-control', 'no-store');
    return insights.list(query);
  });

  app.get<{ Params: { id: string } }>('/conversations/:id', async (request, reply) => {
    const id = parseConversationId(request.params.id);
    void reply.header('cache-control', 'no-store');
    const detail = await insights.conversation(id);
    if (!detail)
      return reply.status(404).send({
        error: { code: 'NOT_FOUND', message: 'No conversation with this id is kept.' },
      });
    return linked(detail);
  });

  app.get('/outcomes', async (request, reply) => {
    const query = parseOutcomeQuery(request.query, clock());
    void reply.header('cache-control', 'no-store');
    return insights.outcomes(query);
  });
}

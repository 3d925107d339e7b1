import { SwitchboardError } from '@switchboard/core';
import {
  type CustomerData,
  type CustomerSubject,
  parseCustomerSubject,
} from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

/** `?conversationId=…` or `?userId=…`, exactly one, nothing else (the subject's own checks follow). */
function subjectOf(query: unknown): CustomerSubject {
  const q = (query ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(q).find((field) => field !== 'conversationId' && field !== 'userId');
  if (unknown)
    throw new SwitchboardError('BAD_REQUEST', `query: unknown parameter "${unknown}"`, {
      details: { field: unknown },
    });
  return parseCustomerSubject({ conversationId: q.conversationId, userId: q.userId });
}

/**
 * One customer's data, for data-subject requests (admin API, behind the admin token):
 * `GET /customers/export` answers everything held as JSON (404 when nothing is), and
 * `DELETE /customers` erases it and answers what was removed, per kind.
 */
export async function customerRoutes(app: FastifyInstance, customers: CustomerData): Promise<void> {
  app.get('/customers/export', async (request, reply) => {
    const subject = subjectOf(request.query);
    const data = await customers.export(subject);
    // Personal data: never kept by a browser or proxy cache.
    void reply.header('cache-control', 'no-store');
    if (!data) {
      return reply.status(404).send({
        error: {
          code: 'NOT_FOUND',
          message: `Nothing is held for this ${'userId' in subject ? 'user' : 'conversation'}.`,
        },
      });
    }
    return data;
  });

  app.delete('/customers', async (request) => {
    const deletion = await customers.delete(subjectOf(request.query));
    // Counts only: the subject's ids are personal data and stay out of the log.
    request.log.info(
      { subject: 'userId' in deletion.subject ? 'user' : 'conversation', ...deletion.deleted },
      'customer data deleted',
    );
    return deletion;
  });
}

import { SwitchboardError } from '@switchboard/core';
import { CANDIDATE_STATES, type CandidateState, type HarvestStore } from '@switchboard/fine-tuning';
import type { FastifyInstance } from 'fastify';

/** `?state=pending|accepted|rejected&limit=1..500`, nothing else. */
function parseHarvestQuery(query: unknown): { state?: CandidateState; limit: number } {
  const q = (query ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(q).find((field) => field !== 'state' && field !== 'limit');
  if (unknown)
    throw new SwitchboardError('BAD_REQUEST', `query: unknown parameter "${unknown}"`, {
      details: { field: unknown },
    });
  if (q.state !== undefined && !CANDIDATE_STATES.includes(q.state as CandidateState))
    throw new SwitchboardError(
      'BAD_REQUEST',
      `state: must be one of ${CANDIDATE_STATES.join(', ')}`,
      {
        details: { field: 'state' },
      },
    );
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (
    !(typeof q.limit === 'undefined' || /^\d{1,3}$/.test(String(q.limit))) ||
    limit < 1 ||
    limit > 500
  )
    throw new SwitchboardError('BAD_REQUEST', 'limit: must be a whole number from 1 to 500', {
      details: { field: 'limit' },
    });
  return { ...(q.state ? { state: q.state as CandidateState } : {}), limit };
}

/**
 * The review queue of harvested training examples (admin API): list candidates by state, accept
 * or reject one. Accepted candidates enter `brand dataset build --include-harvested`.
 */
export async function harvestRoutes(app: FastifyInstance, harvest: HarvestStore): Promise<void> {
  app.get('/harvest', async (request) => ({
    candidates: await harvest.list(parseHarvestQuery(request.query)),
  }));
  for (const [action, state] of [
    ['accept', 'accepted'],
    ['reject', 'rejected'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/harvest/:id/${action}`, async (request, reply) => {
      const candidate = await harvest.review(request.params.id, state);
      if (!candidate)
        return reply.status(404).send({
          error: { code: 'NOT_FOUND', message: `No harvest candidate "${request.params.id}".` },
        });
      return { candidate };
    });
  }
}

import { timingSafeEqual } from 'node:crypto';
import { signWebhook } from '@switchboard/assistant';
import { SwitchboardError } from '@switchboard/core';
import { type HarvestStore, harvestAgentReply, parseAgentReply } from '@switchboard/fine-tuning';
import type { FastifyInstance } from 'fastify';

export interface HandoffRepliesOptions {
  /** HANDOFF_WEBHOOK_SECRET: the key the outgoing handoff webhook signs with, and replies must too. */
  secret: string;
  harvest: HarvestStore;
  /** Signed requests older (or newer) than this are refused as replays. @defaultValue 300 */
  toleranceSeconds?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

const unauthorized = (message: string) => new SwitchboardError('UNAUTHORIZED', message);

/**
 * Checks `X-Switchboard-Signature: sha256=<HMAC of "<timestamp>.<raw body>">` and its
 * `X-Switchboard-Timestamp`, the scheme of the outgoing handoff webhook, in constant time.
 */
export function verifyHandoffSignature(input: {
  secret: string;
  timestamp: unknown;
  signature: unknown;
  body: string;
  nowSeconds: number;
  toleranceSeconds: number;
}): void {
  const { timestamp, signature } = input;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
    throw unauthorized('Missing or malformed X-Switchboard-Timestamp.');
  if (Math.abs(input.nowSeconds - Number(timestamp)) > input.toleranceSeconds)
    throw unauthorized('X-Switchboard-Timestamp is too old or in the future.');
  if (typeof signature !== 'string') throw unauthorized('Missing X-Switchboard-Signature.');
  const expected = Buffer.from(signWebhook(input.secret, Number(timestamp), input.body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw unauthorized('Bad X-Switchboard-Signature.');
}

/**
 * `POST /api/handoff/replies`: a handoff target reports what a human agent answered; the reply
 * becomes a pending training candidate for review. The signature covers the raw body, so this
 * encapsulated plugin reads JSON bodies as text and parses them only after verifying.
 */
export async function handoffRepliesRoute(
  app: FastifyInstance,
  options: HandoffRepliesOptions,
): Promise<void> {
  if (!options.secret)
    throw new SwitchboardError('CONFIG_INVALID', 'The handoff webhook secret is empty');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post('/api/handoff/replies', async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    verifyHandoffSignature({
      secret: options.secret,
      timestamp: request.headers['x-switchboard-timestamp'],
      signature: request.headers['x-switchboard-signature'],
      body: raw,
      nowSeconds: Math.floor((options.clock ?? Date.now)() / 1000),
      toleranceSeconds: options.toleranceSeconds ?? 300,
    });
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new SwitchboardError('BAD_REQUEST', 'The body is not valid JSON.');
    }
    const { candidate, created } = await harvestAgentReply(options.harvest, parseAgentReply(body));
    return reply.status(created ? 201 : 200).send({
      candidate: { id: candidate.id, state: candidate.state },
      created,
    });
  });
}

import { timingSafeEqual } from 'node:crypto';
import { type HandoffLoop, parseHandoffReplyBody, signWebhook } from '@switchboard/assistant';
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
  /**
   * The handoff loop: replies reach the customer and `handBack` ends the hold. Left out, replies
   * are only queued for review.
   */
  loop?: Pick<HandoffLoop, 'agentMessage' | 'handBack' | 'state'>;
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

/** Which body format: the first one (`ticketId, question, answer`) only harvests and delivers. */
function isLegacy(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('answer' in body || 'question' in body);
}

/**
 * `POST /api/handoff/replies`: a helpdesk answers a handed-off conversation. The body
 * `{conversationId, text, agent?, handBack?}` reaches the customer where they are (and
 * `handBack: true` gives the conversation back to the bot); every reply is also a training
 * candidate for review. The first format, `{ticketId, conversationId, question, answer, agent?}`,
 * still works: it is queued for review and delivered when the conversation is handed off. The
 * signature covers the raw body, so this encapsulated plugin reads JSON bodies as text and
 * parses them only after verifying.
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
  const { loop } = options;
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
    if (isLegacy(body)) {
      const agentReply = parseAgentReply(body);
      const { candidate, created } = await harvestAgentReply(options.harvest, agentReply);
      // Harvested above: the loop only delivers it (if the conversation is handed off).
      const delivery = await loop?.agentMessage(
        {
          conversationId: agentReply.conversationId,
          text: agentReply.answer,
          agent: { via: 'webhook', ...(agentReply.agent ? { name: agentReply.agent } : {}) },
        },
        { harvest: false },
      );
      return reply.status(created ? 201 : 200).send({
        candidate: { id: candidate.id, state: candidate.state },
        created,
        delivered: delivery?.delivered ?? false,
      });
    }
    const parsed = parseHandoffReplyBody(body);
    if (!loop || !(await loop.state(parsed.conversationId)))
      throw new SwitchboardError('NOT_FOUND', 'No conversation was handed off with this id.', {
        details: { field: 'conversationId' },
      });
    const agent = { via: 'webhook', ...parsed.agent };
    const ref = { conversationId: parsed.conversationId };
    // Queued for review by the loop, like every agent's reply.
    const delivery = parsed.text
      ? await loop.agentMessage({ ...ref, text: parsed.text, agent })
      : undefined;
    const back = parsed.handBack ? await loop.handBack({ ...ref, by: 'agent', agent }) : null;
    const state = back?.state ?? delivery?.state ?? (await loop.state(parsed.conversationId));
    return reply.status(200).send({
      delivered: delivery?.delivered ?? false,
      mode: state?.mode ?? 'bot',
    });
  });
}

import { SwitchboardError } from '@switchboard/core';
import { z } from 'zod';
import type { HarvestCandidate, HarvestStore } from './harvest-types.ts';

/** What a handoff target posts back when a human agent answered a handed-off conversation. */
export const agentReplySchema = z.strictObject({
  ticketId: z.string().trim().min(1).max(200),
  conversationId: z.string().trim().min(1).max(200),
  question: z.string().trim().min(1).max(4000),
  answer: z.string().trim().min(1).max(8000),
  agent: z.string().trim().min(1).max(200).optional(),
});

export type AgentReply = z.infer<typeof agentReplySchema>;

/** Validates an agent-reply body; a bad one is a BAD_REQUEST naming the field. */
export function parseAgentReply(body: unknown): AgentReply {
  const parsed = agentReplySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(body)';
    throw new SwitchboardError('BAD_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, {
      details: { field },
    });
  }
  return parsed.data;
}

/**
 * Queues an agent's reply for review as a candidate with source `agent`: the one way human
 * answers enter the brand-voice loop (the signed reply webhook today; the handoff loop's Slack,
 * Chatwoot and widget replies should call this too). `intent`, when the caller knows what the
 * conversation was about, labels the candidate; the same reply harvested twice is one candidate.
 */
export async function harvestAgentReply(
  store: HarvestStore,
  reply: AgentReply,
  options: { intent?: string } = {},
): Promise<{ candidate: HarvestCandidate; created: boolean }> {
  return store.add({
    source: 'agent',
    question: reply.question,
    answer: reply.answer,
    conversationId: reply.conversationId,
    ticketId: reply.ticketId,
    ...(reply.agent ? { agent: reply.agent } : {}),
    ...(options.intent ? { intent: options.intent } : {}),
  });
}

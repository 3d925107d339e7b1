import type { PiiCounts } from '../dataset/types.ts';

/**
 * Where a candidate came from: `thumbs_up`, a customer's 👍 on a brand answer; `agent`, what a
 * human agent answered a handed-off conversation (`harvestAgentReply`, fed by the handoff loop).
 * Knowledge answers never become candidates: their 👍 is evidence for the cited pages instead.
 */
export type CandidateSource = 'thumbs_up' | 'agent';
export type CandidateState = 'pending' | 'accepted' | 'rejected';
export const CANDIDATE_STATES: readonly CandidateState[] = ['pending', 'accepted', 'rejected'];

/** A training example harvested from a conversation, waiting for (or after) review. */
export interface HarvestCandidate {
  /**
   * Deterministic: for a 👍, the normalised question and the intent (so the same question answered
   * under the same intent is one candidate); for an agent reply, the ticket and the answer.
   */
  id: string;
  source: CandidateSource;
  question: string;
  /** PII already scrubbed: what a reviewer sees is what enters the dataset. */
  answer: string;
  /** The intent the reply was answered under (brand answers); agents' replies may have none. */
  intent?: string;
  /** The first conversation it was harvested from. */
  conversationId: string;
  /** The first rated assistant message (thumbs_up). */
  messageId?: string;
  /** The handoff ticket the agent answered (agent). */
  ticketId?: string;
  agent?: string;
  /** What the scrubber replaced in the question and answer. */
  pii: PiiCounts;
  state: CandidateState;
  /**
   * How many distinct origins merged into it (different rated messages, different agent replies);
   * a second 👍 on the same message does not count. Candidates stored before counting read as 1.
   */
  count: number;
  createdAt: number;
  reviewedAt?: number;
}

export type NewCandidate = Omit<
  HarvestCandidate,
  'id' | 'state' | 'createdAt' | 'reviewedAt' | 'pii' | 'count'
>;

/** Where harvested candidates are kept and reviewed. */
export interface HarvestStore {
  /**
   * Adds a candidate (PII scrubbed). An origin seen before (the same rated message, the same
   * agent reply) changes nothing; a new origin of an existing candidate adds one to its count.
   * `created` is true only when a new candidate was stored.
   */
  add(candidate: NewCandidate): Promise<{ candidate: HarvestCandidate; created: boolean }>;
  get(id: string): Promise<HarvestCandidate | null>;
  /** Newest first. */
  list(options?: { state?: CandidateState; limit?: number }): Promise<HarvestCandidate[]>;
  /** Accept or reject (again, if reviewed before); null when there is no such candidate. */
  review(id: string, state: 'accepted' | 'rejected'): Promise<HarvestCandidate | null>;
}

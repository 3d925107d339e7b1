import type { PiiCounts } from '../dataset/types.ts';

export type CandidateSource = 'thumbs_up' | 'agent';
export type CandidateState = 'pending' | 'accepted' | 'rejected';
export const CANDIDATE_STATES: readonly CandidateState[] = ['pending', 'accepted', 'rejected'];

/** A training example harvested from a conversation, waiting for (or after) review. */
export interface HarvestCandidate {
  /** Deterministic per origin, so the same 👍 or agent reply is harvested once. */
  id: string;
  source: CandidateSource;
  question: string;
  /** PII already scrubbed: what a reviewer sees is what enters the dataset. */
  answer: string;
  intent?: string;
  conversationId: string;
  /** The rated assistant message (thumbs_up). */
  messageId?: string;
  /** The handoff ticket the agent answered (agent). */
  ticketId?: string;
  agent?: string;
  /** What the scrubber replaced in the question and answer. */
  pii: PiiCounts;
  state: CandidateState;
  createdAt: number;
  reviewedAt?: number;
}

export type NewCandidate = Omit<
  HarvestCandidate,
  'id' | 'state' | 'createdAt' | 'reviewedAt' | 'pii'
>;

/** Where harvested candidates are kept and reviewed. */
export interface HarvestStore {
  /** Adds a candidate (PII scrubbed); an origin seen before returns the existing one. */
  add(candidate: NewCandidate): Promise<{ candidate: HarvestCandidate; created: boolean }>;
  get(id: string): Promise<HarvestCandidate | null>;
  /** Newest first. */
  list(options?: { state?: CandidateState; limit?: number }): Promise<HarvestCandidate[]>;
  /** Accept or reject (again, if reviewed before); null when there is no such candidate. */
  review(id: string, state: 'accepted' | 'rejected'): Promise<HarvestCandidate | null>;
}

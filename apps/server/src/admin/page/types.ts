/**
 * What the admin API answers, as the page reads it. Copied rather than imported: the server
 * packages are Node code and are not part of this browser bundle or its type-check.
 */

export interface SyncFailure {
  docId: string;
  reason: string;
  message: string;
}

export interface RunSummary {
  runId: string;
  mode: string;
  trigger: string;
  finishedAt: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: SyncFailure[];
  durationMs: number;
  /** Set on a failed run (e.g. the source could not be listed): why, and at which stage. */
  error?: { stage: string; reason: string; message: string };
}

export interface SourceRow {
  name: string;
  kind: string;
  origin: 'config' | 'runtime';
  paused: boolean;
  lastRun: RunSummary | null;
}

export interface RunProgress {
  stage?: string;
  done?: number;
  total?: number;
  current?: string;
}

export interface ActiveRun {
  jobId: string;
  state: string;
  /** `{ stage, done, total, current? }` once the worker reported, else 0. */
  progress: RunProgress | number;
}

export interface SyncStatus {
  counts: Record<string, number>;
  sources: Array<{ name: string; paused: boolean; activeRun: ActiveRun | null }>;
}

export interface FeedbackEntry {
  conversationId: string;
  messageId: string;
  rating: 'up' | 'down';
  reason?: string;
  channel: string;
  at: number;
}

export interface GapEntry {
  conversationId: string;
  question: string;
  reason: string;
  channel: string;
  at: number;
}

export type CandidateState = 'pending' | 'accepted' | 'rejected';

/** A training example harvested from a conversation (PII already scrubbed by the server). */
export interface HarvestCandidate {
  id: string;
  /** A 👍 on an assistant reply, or an agent's answer to a handoff. */
  source: 'thumbs_up' | 'agent';
  question: string;
  answer: string;
  intent?: string;
  conversationId: string;
  agent?: string;
  /** How many 👍 (or agent replies) merged into it. */
  count?: number;
  state: CandidateState;
  createdAt: number;
  reviewedAt?: number;
}

/** The sync modes, as the API names them. */
export type SyncMode = 'incremental' | 'full' | 'failed-only';

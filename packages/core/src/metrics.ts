import type { ChannelName, HandoffReason } from './reply.ts';
import type { RouteName } from './route.ts';

/** How one sync run ended: all documents fine, some failed, or the run itself failed. */
export type SyncRunOutcome = 'succeeded' | 'partial' | 'failed';

/** What a finished sync run did, per document outcome. */
export interface SyncDocumentCounts {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: number;
}

/**
 * The operational counters, told by the code where each event happens (the assistant's reply,
 * the feedback store, the handoff service, the sync worker). The runtime passes one in; the
 * Prometheus implementation lives in `@switchboard/observability`. Labels are closed sets (route,
 * channel, reason, rating, outcome) plus configured names (sources, queues), never free text.
 */
export interface Metrics {
  /** A reply was given (every route, every channel); handoff replies also carry their reason. */
  answered(event: { route: RouteName; channel: ChannelName; handoffReason?: HandoffReason }): void;
  /** A conversation was handed to people (a ticket); `delivered` when a target accepted it. */
  handedOff(event: { reason: HandoffReason; channel: ChannelName; delivered: boolean }): void;
  /** A customer rated a reply. */
  feedbackRecorded(event: { rating: 'up' | 'down'; channel: ChannelName }): void;
  /** A sync run of `source` finished; `documents` is absent when the run failed as a whole. */
  syncRunFinished(event: {
    source: string;
    outcome: SyncRunOutcome;
    documents?: SyncDocumentCounts;
  }): void;
  /** A queue job failed an attempt (retried or not). */
  jobFailed(event: { queue: string; job: string }): void;
}

/** Counts nothing: the default wherever no metrics are wired (tests, the CLI). */
export const noMetrics: Metrics = {
  answered() {},
  handedOff() {},
  feedbackRecorded() {},
  syncRunFinished() {},
  jobFailed() {},
};

import type {
  ActiveRun,
  ListedSource,
  SourceSpec,
  SyncMode,
  SyncRunSummary,
  TriggeredRun,
} from '@switchboard/sync';

/** A source as the list shows it: its spec, whether it is paused, and its last run. */
export type SourceRow = ListedSource & { paused: boolean; lastRun: SyncRunSummary | null };

/** A source as `status` shows it: paused, its run going now, and how its last run ended. */
export interface StatusRow {
  name: string;
  paused: boolean;
  activeRun: ActiveRun | null;
  lastRun: SyncRunSummary | null;
}

export interface StatusReport {
  counts: Record<string, number>;
  sources: StatusRow[];
}

/** One look at a run: still going (what it reported), or finished (its summary). */
export type RunLook =
  | { finished: false; active: ActiveRun | null }
  | { finished: true; summary: SyncRunSummary };

/**
 * What the sync commands talk to: a running server's admin API, or (no server) the queue and
 * stores in Redis directly. Neither opens the index: runs are done by a worker.
 */
export interface SyncBackend {
  /** Where the commands talk to, for messages: the server's address, or `redis`. */
  readonly where: string;
  list(): Promise<SourceRow[]>;
  /** The stored spec, or null when a source of that name exists already. */
  add(input: Record<string, unknown>): Promise<SourceSpec | null>;
  /** Removes a source added at run time and queues its removal run (purges its documents). */
  remove(name: string): Promise<TriggeredRun>;
  setPaused(name: string, paused: boolean): Promise<void>;
  trigger(name: string, mode: SyncMode): Promise<TriggeredRun>;
  status(): Promise<StatusReport>;
  /** Fails (with the run's reason) when the run failed. */
  lookAtRun(source: string, jobId: string): Promise<RunLook>;
}

import type { KnowledgeIndex } from '@switchboard/core';
import {
  type SyncMode,
  type SyncRunSummary,
  type SyncWorker,
  triggerSync,
  waitForRun,
} from '@switchboard/sync';
import { compareRecordsWithIndex, type SourceAgreement } from './index-agreement.ts';
import type { SyncEngine } from './sync-engine.ts';

/** A start-up run the process waits for before it calls itself ready. */
export interface StartupRun {
  runId: string;
  mode: SyncMode;
  /** `index_lost_documents`: the records list documents the index does not hold (a full re-sync). */
  reason: 'startup' | 'index_lost_documents';
}

export interface StartupSyncOptions {
  engine: SyncEngine;
  index: KnowledgeIndex;
  /** Progress lines (one per finished run, one per repair). */
  say: (line: string) => void;
  /** How often a run's state is polled. @defaultValue 250 */
  pollMs?: number;
}

/**
 * The syncs a process starts with, and whether they are done. Each declared source gets a run;
 * a source whose records and index disagree (the index directory was lost while Redis kept the
 * records) gets a FULL run, since an incremental one would skip its documents as unchanged; so
 * does a source added at run time whose records and index disagree (it gets no run otherwise).
 * Nothing here blocks start-up: `settle()` waits in the background while the server serves what
 * it has and its readiness says what is still pending.
 */
export class StartupSync {
  /** Runs not finished yet, by source. */
  readonly pending = new Map<string, StartupRun>();
  /** Start-up runs that failed, by source (the index keeps what it had). */
  readonly failures = new Map<string, string>();
  readonly #o: StartupSyncOptions;
  #stopped = false;

  private constructor(options: StartupSyncOptions) {
    this.#o = options;
  }

  /** Compares records with the index for every declared source, then starts their runs. */
  static async start(options: StartupSyncOptions): Promise<StartupSync> {
    const sync = new StartupSync(options);
    const { engine, index, say } = options;
    const modes = new Map<string, SyncMode>();
    for (const source of engine.declared) {
      const agreement = await compareRecordsWithIndex({ source, records: engine.records, index });
      if (agreement.agrees) continue;
      modes.set(source, 'full');
      say(describeLoss(agreement));
    }
    const runs = await engine.syncDeclared('startup', modes);
    for (const [source, runId] of runs) {
      // A run already going (left by a killed process) is joined whatever mode it has.
      const job = await engine.queue.getJob(runId);
      const mode = (job?.data as { mode?: SyncMode } | undefined)?.mode ?? 'incremental';
      const reason = mode === 'full' ? 'index_lost_documents' : 'startup';
      sync.pending.set(source, { runId, mode, reason });
    }
    await sync.#repairRuntimeSources();
    return sync;
  }

  /**
   * Sources added at run time get no start-up run, unless the index lost their documents (a fresh
   * data directory on a Redis that kept their records): then a full one, as declared sources get.
   */
  async #repairRuntimeSources(): Promise<void> {
    const { engine, index, say } = this.#o;
    const paused = await engine.sources.pausedNames();
    for (const spec of await engine.sources.list()) {
      if (spec.origin !== 'runtime' || paused.has(spec.name)) continue;
      const source = spec.name;
      const agreement = await compareRecordsWithIndex({ source, records: engine.records, index });
      if (agreement.agrees) continue;
      say(describeLoss(agreement));
      const run = await triggerSync(engine.queue, { source, trigger: 'startup', mode: 'full' });
      this.pending.set(source, { runId: run.jobId, mode: 'full', reason: 'index_lost_documents' });
    }
  }

  get done(): boolean {
    return this.pending.size === 0;
  }

  /** Set by `stop()` (the process is closing): nothing more is started or reported. */
  get stopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    this.#stopped = true;
  }

  /**
   * Waits for every start-up run. A run this process joined (one left stalled by a killed
   * process, say) may not have been the full re-sync a source needed: after each run the source
   * is compared again and, if documents are still missing, re-synced in full once more.
   * Never rejects: failures are kept in `failures`.
   */
  async settle(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((source) => this.#settleSource(source)));
  }

  async #settleSource(source: string): Promise<void> {
    const { engine, index, say } = this.#o;
    try {
      for (;;) {
        const run = this.pending.get(source);
        if (!run || this.#stopped) return;
        const summary = await this.#wait(source, run);
        if (this.#stopped) return;
        const agreement = await compareRecordsWithIndex({ source, records: engine.records, index });
        // An incremental run that found recorded chunks missing dropped those records in its
        // reconcile step (so records and index agree again) but did not fetch the documents.
        const lost = (summary?.reconcile?.missingInIndex.length ?? 0) > 0;
        if (run.mode === 'full' || (agreement.agrees && !lost)) {
          if (!agreement.agrees)
            this.failures.set(
              source,
              `${agreement.missingCount} recorded documents still missing after a full re-sync`,
            );
          this.pending.delete(source);
          return;
        }
        say(describeLoss(agreement, lost));
        const next = await triggerSync(engine.queue, { source, trigger: 'startup', mode: 'full' });
        this.pending.set(source, {
          runId: next.jobId,
          mode: 'full',
          reason: 'index_lost_documents',
        });
      }
    } catch (err) {
      if (this.#stopped) return;
      this.failures.set(source, (err as Error).message);
      this.pending.delete(source);
      say(`knowledge: start-up sync of "${source}" did not finish: ${(err as Error).message}`);
    }
  }

  async #wait(source: string, run: StartupRun): Promise<SyncRunSummary | undefined> {
    const { engine, index, say } = this.#o;
    // This process's worker says at once when it finished the run; polling (which a run another
    // process's worker took still needs) would add up to a poll interval to every start.
    const here = engine.worker ? completedHere(engine.worker, run.runId) : null;
    let summary: SyncRunSummary | undefined;
    try {
      const polled = waitForRun(engine.queue, run.runId, { pollMs: this.#o.pollMs ?? 250 });
      summary = (await (here ? Promise.race([polled, here.result]) : polled)) as
        | SyncRunSummary
        | undefined;
    } finally {
      here?.stop();
    }
    if (!summary) return undefined;
    say(
      `knowledge: source "${source}" synced (run ${summary.runId}, ${summary.mode}): ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} deleted, ${summary.failed.length} failed; ${await index.count()} chunks indexed`,
    );
    for (const failure of summary.failed.slice(0, 10))
      say(`skipped ${failure.docId}: ${failure.reason} ${failure.message}`);
    return summary;
  }
}

/**
 * The result of job `jobId` when `worker` completes it (a failed attempt may be retried, so
 * failures are left to the poll, which sees only the final state). `stop` drops the listener.
 */
function completedHere(
  worker: SyncWorker,
  jobId: string,
): { result: Promise<unknown>; stop: () => void } {
  let listener: ((job: { id?: string }, result: unknown) => void) | undefined;
  const result = new Promise<unknown>((resolve) => {
    listener = (job, value) => {
      if (job.id === jobId) resolve(value);
    };
    worker.worker.on('completed', listener);
  });
  return { result, stop: () => listener && worker.worker.off('completed', listener) };
}

function describeLoss(agreement: SourceAgreement, reconciled = false): string {
  const what = reconciled
    ? 'its last run found recorded documents missing from the index'
    : `its records list ${agreement.recordedDocuments} documents but the index lacks chunks of ${agreement.missingCount} (e.g. ${agreement.missing.slice(0, 3).join(', ')})`;
  return `knowledge: source "${agreement.source}": ${what}; re-syncing it in full`;
}

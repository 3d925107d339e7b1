import type { ActiveRun, SyncRunSummary } from '@switchboard/sync';
import type { Out } from '../output.ts';

/** Where a progress bar may go: drawn only when it is a terminal. */
export type ProgressStream = Out & { isTTY?: boolean; columns?: number };

/** What a waiting command shows of one run while it goes, and once it is over. */
export interface RunProgress {
  update(active: ActiveRun | null): void;
  /** The final line from the summary; `null` when the run failed (the bar just stops). */
  finish(summary: SyncRunSummary | null): void;
}

/** Documents the source listed: each is added, updated, unchanged or failed. */
export function documentsOf(summary: SyncRunSummary): number {
  return summary.added + summary.updated + summary.unchanged + summary.failed.length;
}

/** Stages that report a step (`0/1 reconciling`, `1/1 done`), not a count of the run's work. */
const STEP_STAGES = new Set(['reconciling', 'done']);

interface Shown {
  value: number;
  total: number;
  unit: string;
  stage: string;
}

/**
 * What the bar shows for a run's progress report. A run in the worker reports documents
 * (`fetching 20/41`); a queued run waiting for its document jobs counts those jobs (batches);
 * `reconciling` and `done` are steps after the counting, so they keep its figures, full.
 */
export function shownProgress(active: ActiveRun | null, before: Shown): Shown {
  const p = active?.progress;
  if (!active || typeof p !== 'object' || p === null) return { ...before, stage: 'waiting' };
  const { stage = 'working', done, total } = p as { stage?: string; done?: number; total?: number };
  if (STEP_STAGES.has(stage)) return { ...before, value: before.total, stage };
  if (typeof done !== 'number' || typeof total !== 'number' || total === 0)
    return { ...before, stage };
  const unit = active.state === 'waiting-children' ? 'batches' : 'documents';
  return { value: Math.min(done, total), total, unit, stage };
}

const QUIET: RunProgress = { update() {}, finish() {} };

/**
 * A progress bar for one run (cli-progress) on `stream` when it is a terminal and `enabled`;
 * otherwise nothing is drawn at all (no `\r` lines in a log or a pipe).
 */
export async function runProgress(stream: ProgressStream, enabled: boolean): Promise<RunProgress> {
  if (!enabled || stream.isTTY !== true) return QUIET;
  // Loaded only when a bar is drawn.
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar({
    stream,
    format: '[{bar}] {value}/{total} {unit} {stage}',
    barsize: 30,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    emptyOnZero: true,
    // Leaves the terminal's wrap mode alone (lines are cut to its width instead), and no signal
    // handlers: Ctrl-C ends the command as usual, with nothing to restore.
    linewrap: true,
  });
  let shown: Shown = { value: 0, total: 0, unit: 'documents', stage: 'waiting' };
  bar.start(0, 0, { unit: shown.unit, stage: shown.stage });
  return {
    update(active) {
      shown = shownProgress(active, shown);
      bar.setTotal(shown.total);
      bar.update(shown.value, { unit: shown.unit, stage: shown.stage });
    },
    finish(summary) {
      if (summary) {
        const documents = documentsOf(summary);
        bar.setTotal(documents);
        bar.update(documents, { unit: 'documents', stage: summary.error ? 'failed' : 'done' });
      }
      // Draws the last state and ends the line, so what follows starts on a line of its own.
      bar.stop();
    },
  };
}

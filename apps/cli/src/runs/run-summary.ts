import type { SyncRunSummary } from '@switchboard/sync';
import { formatTable, type Out, printResult } from '../output.ts';
import { documentsOf } from './run-progress.ts';

/** When a run finished, for people: `2025-03-01 14:05`. */
export function shortTime(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** A finished run for people: its figures, then the documents that failed (a table). */
export function printRunSummary(
  summary: SyncRunSummary,
  out: Out,
  extra: Record<string, unknown> = {},
): void {
  const failed = summary.failed.length;
  printResult(
    {
      ...extra,
      run: `${summary.runId} (${summary.mode}, ${summary.trigger})`,
      documents: `${documentsOf(summary)}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${failed} failed`,
      deleted: summary.deleted,
      embedded: summary.embedded,
      seconds: Number((summary.durationMs / 1000).toFixed(2)),
      ...(summary.reconcile && !summary.reconcile.ok
        ? { reconcile: summary.reconcile.repaired ? 'repaired' : 'inconsistent' }
        : {}),
    },
    false,
    out,
  );
  if (failed)
    out.write(
      `\n${formatTable(
        ['failed document', 'reason', 'message'],
        summary.failed.map((f) => [f.docId, f.reason, f.message]),
      )}`,
    );
}

/** How a source's last run ended, in a few words: `failed while listing: …` or its counts. */
export function describeLastRun(run: SyncRunSummary | null): string {
  if (!run) return 'never run';
  const when = shortTime(run.finishedAt);
  if (run.error) return `${when} failed while ${run.error.stage}: ${run.error.message}`;
  if (run.mode === 'remove') return `${when} removed ${run.deleted} documents`;
  const failed = run.failed.length ? `, ${run.failed.length} failed` : '';
  return `${when} ${run.mode}: ${documentsOf(run)} documents${failed}`;
}

import type { Metrics, SyncDocumentCounts } from '@switchboard/core';
import type { Job, Worker } from 'bullmq';
import type { SyncRunSummary } from './run-history.ts';

/** Jobs whose return value is a run summary (one per run, in the source's history). */
const RUN_JOBS: ReadonlySet<string> = new Set(['sync-run', 'remove-source']);

/** A run's documents by outcome, from its summary (`deleted` is what metrics call `removed`). */
export function documentCounts(summary: Partial<SyncRunSummary>): SyncDocumentCounts {
  const n = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    added: n(summary.added),
    updated: n(summary.updated),
    unchanged: n(summary.unchanged),
    removed: n(summary.deleted),
    failed: Array.isArray(summary.failed) ? summary.failed.length : 0,
  };
}

function sourceOf(job: Job): string {
  const source = (job.data as { source?: unknown } | undefined)?.source;
  return typeof source === 'string' ? source : 'unknown';
}

/**
 * Counts what `worker` finishes, where it finishes it: every failed attempt of any job, and
 * every run that ends (a summary: succeeded, or partial when documents failed; a run job failing
 * for good: failed). A run waiting for its children or retried is not finished yet.
 */
export function countJobOutcomes(worker: Worker, queue: string, metrics: Metrics): void {
  worker.on('completed', (job: Job, result: unknown) => {
    if (!RUN_JOBS.has(job.name) || typeof result !== 'object' || result === null) return;
    const summary = result as Partial<SyncRunSummary>;
    if (summary.error) {
      metrics.syncRunFinished({ source: sourceOf(job), outcome: 'failed' });
      return;
    }
    const documents = documentCounts(summary);
    metrics.syncRunFinished({
      source: sourceOf(job),
      outcome: documents.failed > 0 ? 'partial' : 'succeeded',
      documents,
    });
  });
  worker.on('failed', (job: Job | undefined) => {
    if (!job) return;
    metrics.jobFailed({ queue, job: job.name });
    // `finishedOn` is set only when the job failed for good (no retry left, or unrecoverable).
    if (RUN_JOBS.has(job.name) && job.finishedOn !== undefined)
      metrics.syncRunFinished({ source: sourceOf(job), outcome: 'failed' });
  });
}

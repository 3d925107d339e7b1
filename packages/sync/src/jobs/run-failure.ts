import { silentLogger } from '@switchboard/core';
import { type Job, UnrecoverableError } from 'bullmq';
import { isPermanentSourceError, isTransientSourceError } from '../errors.ts';
import { type SyncProcessorDeps, UnknownSourceError } from './processor-deps.ts';
import type { SyncJobPayloads } from './queues.ts';
import type { RunError, SyncRunSummary } from './run-history.ts';

/** Why a run failed, in the words the history, the log and the admin page use. */
export function runErrorOf(err: unknown, stage: string): RunError {
  const message = err instanceof Error ? err.message : String(err);
  const reason = isPermanentSourceError(err)
    ? err.reason
    : isTransientSourceError(err)
      ? 'transient'
      : err instanceof UnknownSourceError
        ? 'unknown_source'
        : 'error';
  return { stage, reason, message };
}

/**
 * A run job that threw (listing failed, the rebuild failed…). While BullMQ will retry it, one
 * warn line says so; on the last attempt, or when retrying cannot help (a permanent source error
 * such as a sitemap answering 404, an unknown source), the run is recorded in the history as
 * failed with its reason, so the admin page shows the failure instead of "Never run", and one
 * warn line says so. Answers the error the processor should throw.
 */
export async function recordRunFailure(
  deps: SyncProcessorDeps,
  job: Job<SyncJobPayloads['sync-run']>,
  err: unknown,
  startedAt: number,
): Promise<unknown> {
  const { runId, source, mode, trigger } = job.data;
  const log = deps.log ?? silentLogger;
  const progress = job.progress as { stage?: unknown } | number | undefined;
  const stage =
    typeof progress === 'object' && typeof progress.stage === 'string'
      ? progress.stage
      : 'starting';
  const error = runErrorOf(err, stage);
  const attempt = job.attemptsMade + 1;
  const final =
    attempt >= (job.opts.attempts ?? 1) ||
    err instanceof UnrecoverableError ||
    isPermanentSourceError(err);
  if (!final) {
    log.warn('sync.run.retry', { runId, source, mode, attempt, ...error });
    return err;
  }
  const finishedAt = (deps.clock ?? Date.now)();
  const summary: SyncRunSummary = {
    runId,
    source,
    mode,
    trigger,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: [],
    embedded: 0,
    durationMs: finishedAt - startedAt,
    // Nothing was written, so records and index are as consistent as the last run left them.
    reconcile: { ok: true, missingInIndex: [], orphanedInIndex: [], repaired: false },
    finishedAt,
    error,
  };
  await deps.history.append(summary);
  log.warn('sync.run.failed', { runId, source, mode, trigger, attempt, ...error });
  // Retrying a permanent failure only repeats it: BullMQ must not spend the other attempts.
  return err instanceof UnrecoverableError ? err : new UnrecoverableError(error.message);
}

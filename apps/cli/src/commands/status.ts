import type { ActiveRun } from '@switchboard/sync';
import { type CommandArgs, formatTable } from '../output.ts';
import { describeLastRun } from '../runs/run-summary.ts';
import type { StatusRow } from '../runs/sync-backend.ts';
import { type SyncCliContext, withSyncContext } from '../runs/sync-context.ts';

/** `fetching 12/40`, from what a run last reported. */
function progressOf(run: ActiveRun): string {
  const p = run.progress as { stage?: string; done?: number; total?: number } | undefined;
  if (typeof p !== 'object' || !p) return 'not started';
  const counts = typeof p.total === 'number' && p.total > 0 ? ` ${p.done ?? 0}/${p.total}` : '';
  return `${p.stage ?? ''}${counts}`;
}

/**
 * One word for a source: paused, syncing or queued (a run going), failing (its last run failed
 * as a whole), ok, or new (never run).
 */
export function stateOf(row: StatusRow): string {
  if (row.paused) return 'paused';
  const state = row.activeRun?.state;
  if (state === 'active' || state === 'waiting-children') return 'syncing';
  if (state === 'delayed') return 'retrying';
  if (state) return 'queued';
  if (row.lastRun?.error) return 'failing';
  return row.lastRun ? 'ok' : 'new';
}

/** `switchboard status`: queue counts, then per source its state, its run and its last run. */
export async function statusCommand(args: CommandArgs, context?: SyncCliContext): Promise<void> {
  if (!context) return withSyncContext((opened) => statusCommand(args, opened));
  const status = await context.backend.status();
  if (args.values.json === true) {
    context.out.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const counts = Object.entries(status.counts).map(([state, n]) => `${state} ${n}`);
  context.out.write(`queue: ${counts.join(', ')}\n`);
  if (status.sources.length === 0) {
    context.out.write('no sources\n');
    return;
  }
  context.out.write(
    formatTable(
      ['source', 'state', 'run', 'progress', 'last run'],
      status.sources.map((row) => [
        row.name,
        stateOf(row),
        row.activeRun?.jobId ?? '',
        row.activeRun ? progressOf(row.activeRun) : '',
        describeLastRun(row.lastRun),
      ]),
    ),
  );
}

import type { SyncMode } from '@switchboard/sync';
import { type CommandArgs, UsageError } from '../output.ts';
import { followRun } from '../runs/follow-run.ts';
import { runProgress } from '../runs/run-progress.ts';
import { printRunSummary } from '../runs/run-summary.ts';
import { type SyncCliContext, withSyncContext } from '../runs/sync-context.ts';

function modeOf(values: CommandArgs['values']): SyncMode {
  if (values.full === true && values['failed-only'] === true) {
    throw new UsageError('give --full or --failed-only, not both');
  }
  if (values.full === true) return 'full';
  return values['failed-only'] === true ? 'failed-only' : 'incremental';
}

/**
 * `switchboard sync <source> [--full|--failed-only] [--wait] [--json]`: starts (or joins) a run;
 * `--wait` follows it (a bar on a terminal, never with --json) and prints its summary.
 */
export async function syncCommand(args: CommandArgs, context?: SyncCliContext): Promise<void> {
  if (!context) return withSyncContext((opened) => syncCommand(args, opened));
  const [source] = args.positionals;
  if (!source) throw new UsageError('sync needs a source name');
  const mode = modeOf(args.values);
  const json = args.values.json === true;
  const run = await context.backend.trigger(source, mode);
  if (args.values.wait !== true) {
    context.out.write(
      json ? `${JSON.stringify(run)}\n` : `${run.joined ? 'joined' : 'started'} ${run.jobId}\n`,
    );
    return;
  }
  const summary = await followRun(context.backend, source, run.jobId, {
    progress: await runProgress(context.err, !json),
    pollMs: context.pollMs ?? 500,
  });
  if (json) context.out.write(`${JSON.stringify(summary)}\n`);
  else printRunSummary(summary, context.out);
}

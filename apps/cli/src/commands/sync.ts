import { SwitchboardError } from '@switchboard/core';
import { type SyncMode, type SyncProgress, triggerSync, waitForRun } from '@switchboard/sync';
import { type CommandArgs, UsageError } from '../output.ts';
import { type SyncCliContext, withSyncContext } from './sources.ts';

function modeOf(values: CommandArgs['values']): SyncMode {
  if (values.full === true && values['failed-only'] === true) {
    throw new UsageError('give --full or --failed-only, not both');
  }
  if (values.full === true) return 'full';
  return values['failed-only'] === true ? 'failed-only' : 'incremental';
}

/** `[#####-----] 12/40 fetching`: one line, redrawn in place with `\r`. */
export function progressLine(progress: unknown, width = 30): string {
  const p = (typeof progress === 'object' && progress ? progress : {}) as Partial<SyncProgress>;
  const total = p.total ?? 0;
  const done = p.done ?? 0;
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${p.stage ?? 'waiting'}`;
}

/** `switchboard sync <source> [--full|--failed-only] [--wait] [--json]`. */
export async function syncCommand(args: CommandArgs, context?: SyncCliContext): Promise<void> {
  if (!context) return withSyncContext((opened) => syncCommand(args, opened));
  const [source] = args.positionals;
  if (!source) throw new UsageError('sync needs a source name');
  const mode = modeOf(args.values);
  const json = args.values.json === true;
  if (!(await context.sources.getSpec(source))) {
    throw new SwitchboardError('NOT_FOUND', `No source named "${source}"`);
  }
  if (await context.sources.isPaused(source)) {
    throw new SwitchboardError('BAD_REQUEST', `Source "${source}" is paused; resume it first`);
  }
  const run = await triggerSync(context.queue, { source, mode, trigger: 'admin' });
  if (args.values.wait !== true) {
    context.out.write(
      json ? `${JSON.stringify(run)}\n` : `${run.joined ? 'joined' : 'started'} ${run.jobId}\n`,
    );
    return;
  }
  const summary = await waitForRun(context.queue, run.jobId, {
    onProgress: (progress) => context.err.write(`\r${progressLine(progress)}`),
    pollMs: context.pollMs ?? 500,
  });
  context.err.write(`\r${progressLine({ stage: 'done', done: 1, total: 1 })}\n`);
  if (json) {
    context.out.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  for (const [key, value] of Object.entries((summary ?? {}) as Record<string, unknown>)) {
    context.out.write(`${key}\t${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }
}

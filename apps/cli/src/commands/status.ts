import { syncStatus } from '@switchboard/sync';
import type { CommandArgs } from '../output.ts';
import { type SyncCliContext, withSyncContext } from './sources.ts';
import { progressLine } from './sync.ts';

/** `switchboard status`: queue counts and, per source, paused flag and active run. */
export async function statusCommand(args: CommandArgs, context?: SyncCliContext): Promise<void> {
  if (!context) return withSyncContext((opened) => statusCommand(args, opened));
  const status = await syncStatus(context.queue, context.sources);
  if (args.values.json === true) {
    context.out.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const counts = Object.entries(status.counts).map(([state, n]) => `${state} ${n}`);
  context.out.write(`queue: ${counts.join(', ')}\n`);
  for (const source of status.sources) {
    const run = source.activeRun
      ? `${source.activeRun.state} ${source.activeRun.jobId} ${progressLine(source.activeRun.progress, 20)}`
      : 'idle';
    context.out.write(`${source.name}\t${source.paused ? 'paused' : 'active'}\t${run}\n`);
  }
}

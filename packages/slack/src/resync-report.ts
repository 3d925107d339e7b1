import type { ResyncMode, ResyncProgress, ResyncSummary } from './ports.ts';

export interface ResyncRequest {
  source: string;
  mode: ResyncMode;
}

/** `resync <source> [full]` → the request; `null` when the words do not fit. */
export function parseResync(text: string): ResyncRequest | null {
  const match = /^resync\s+([\w.-]+)(?:\s+(full))?\s*$/i.exec(text.trim());
  if (!match?.[1]) return null;
  return { source: match[1], mode: match[2] ? 'full' : 'incremental' };
}

export function startedText(request: ResyncRequest, user: string, joined: boolean): string {
  const what = `re-sync of *${request.source}*${request.mode === 'full' ? ' (full)' : ''}`;
  return joined
    ? `<@${user}> joined the ${what} already running. Progress follows in this thread.`
    : `<@${user}> started a ${what}. Progress follows in this thread.`;
}

/** `fetching 12/40 ▓▓▓░░░░░░░` */
export function progressText(progress: ResyncProgress): string {
  const width = 10;
  const filled =
    progress.total > 0
      ? Math.round((Math.min(progress.done, progress.total) / progress.total) * width)
      : 0;
  return `${progress.stage} ${progress.done}/${progress.total} ${'▓'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function summaryText(source: string, summary: ResyncSummary): string {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const counts = `${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} deleted, ${summary.failed} failed`;
  return `${summary.failed > 0 ? ':warning:' : ':white_check_mark:'} Re-sync of *${source}* finished in ${seconds}s: ${counts}.`;
}

import type { Logger } from '@switchboard/core';

/**
 * A stored chunk left out of search: its row could not be read back (`read`), or its text could
 * not be analysed for the lexical index (`analyse`). Skipping it, rather than failing, is what
 * keeps one bad row from stopping the whole index from opening (issue 9).
 */
export interface SkippedChunk {
  id: string;
  docId: string;
  stage: 'read' | 'analyse';
  reason: string;
}

export type ReportSkipped = (skipped: SkippedChunk) => void;

/** Chunks named in one warning line; the count covers them all. */
const SAMPLE_SIZE = 10;
const MAX_REASON_CHARS = 200;

export function skipReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MAX_REASON_CHARS);
}

/** One warning line for the chunks skipped while loading `table` (nothing when none were). */
export function logSkipped(log: Logger, table: string, skipped: readonly SkippedChunk[]): void {
  if (skipped.length === 0) return;
  log.warn('index.chunks_skipped', {
    table,
    count: skipped.length,
    chunks: skipped.slice(0, SAMPLE_SIZE),
  });
}

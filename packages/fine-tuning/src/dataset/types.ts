/** One chat message of a training example. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Where a record came from: a file and its 1-based line, or a harvested candidate. */
export interface RecordOrigin {
  /** The file path, or `harvest` for reviewed candidates from conversations. */
  source: string;
  /** 1-based line in the file; for harvested candidates, their position in the list. */
  line: number;
  /** The harvested candidate's id, when the record came from the harvest store. */
  ref?: string;
}

/**
 * One training example: the conversation up to and including the approved reply. `messages`
 * never holds a system turn (the brand's system prompt is added on export) and ends with the
 * assistant's reply.
 */
export interface DatasetRecord {
  origin: RecordOrigin;
  messages: ChatTurn[];
  intent: string;
}

export type Severity = 'error' | 'warning';

/** A line-level finding. Errors exclude the line from the dataset; warnings keep it. */
export interface LineProblem extends RecordOrigin {
  severity: Severity;
  /** Stable machine-readable kind, e.g. `role_order`, `near_duplicate`. */
  code: string;
  reason: string;
}

export { emptyPiiCounts, type PiiCounts, type PiiKind } from '@switchboard/brand-voice';

/** The last user turn of a record (what the customer asked). */
export function questionOf(record: DatasetRecord): string {
  return record.messages.findLast((m) => m.role === 'user')?.content ?? '';
}

/** The record's final assistant turn (the approved reply). */
export function answerOf(record: DatasetRecord): string {
  return record.messages.at(-1)?.content ?? '';
}

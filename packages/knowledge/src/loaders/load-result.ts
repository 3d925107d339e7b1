import type { SourceDocument } from '@switchboard/core';

/** Why one file (or one line of a corpus file) was skipped. `line` is 1-based. */
export interface LoadProblem {
  path: string;
  line?: number;
  reason: string;
}

/** What a loader produced: the documents it could read and the ones it skipped, with reasons. */
export interface LoadResult {
  documents: SourceDocument[];
  problems: LoadProblem[];
}

/** Largest document a loader accepts unless told otherwise: 5 MB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

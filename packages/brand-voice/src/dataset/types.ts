/** One approved exchange: what a customer asked, the approved reply, and its intent. */
export interface BrandExample {
  text: string;
  response: string;
  intent: string;
}

/** A line that could not be used, with its 1-based line number in the source file. */
export interface DatasetProblem {
  line: number;
  reason: string;
}

export interface BrandDataset {
  examples: BrandExample[];
  problems: DatasetProblem[];
}

/** CRLF inside quoted CSV fields and JSON strings becomes LF, so replies render the same everywhere. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

import { parseCsv } from '@switchboard/text';

/** A CSV row with the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Parses CSV and numbers each row by the line it starts on, so problems can name the line a
 * person sees in an editor. Walks the same grammar as `parseCsv` (quotes, doubled quotes, CRLF
 * or LF, blank rows dropped), so the n-th start belongs to the n-th parsed row.
 */
export function parseCsvRows(text: string): CsvRow[] {
  const rows = parseCsv(text);
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const starts: number[] = [];
  let line = 1;
  let rowLine = 1;
  let fields = 1;
  let content = false;
  let quoted = false;
  const endRow = () => {
    if (fields > 1 || content) starts.push(rowLine);
    fields = 1;
    content = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      line++;
      if (quoted) {
        content = true;
        continue;
      }
      endRow();
      rowLine = line;
    } else if (c === '"') {
      if (quoted && input[i + 1] === '"') {
        content = true;
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) fields++;
    else content = true;
  }
  endRow();
  return rows.map((fields, i) => ({ line: starts[i] ?? i + 1, fields }));
}

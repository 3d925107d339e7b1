import { parseCsv } from '@switchboard/text';
import { type BrandDataset, normaliseNewlines } from './types.ts';

const REQUIRED = ['instruction', 'intent', 'response'] as const;

/**
 * 1-based line on which each CSV row starts (rows may span lines inside quotes). Walks the same
 * grammar as `parseCsv`, including its dropping of blank rows, so the n-th entry belongs to the
 * n-th parsed row.
 */
function rowStartLines(text: string): number[] {
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
  return starts;
}

/**
 * Parses the Bitext layout: a header row with (at least) `instruction`, `intent` and `response`
 * columns; other columns are ignored. CRLF inside quoted replies becomes LF.
 */
export function parseBitextCsv(text: string): BrandDataset {
  const result: BrandDataset = { examples: [], problems: [] };
  const rows = parseCsv(text);
  const lines = rowStartLines(text);
  const [header, ...body] = rows;
  if (!header) return result;
  const column = new Map(header.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = REQUIRED.filter((name) => !column.has(name));
  if (missing.length > 0) {
    result.problems.push({
      line: lines[0] ?? 1,
      reason: `missing column(s): ${missing.join(', ')}`,
    });
    return result;
  }
  body.forEach((row, r) => {
    const line = lines[r + 1] ?? r + 2;
    if (row.length < header.length) {
      result.problems.push({
        line,
        reason: `expected ${header.length} columns, found ${row.length}`,
      });
      return;
    }
    const [text, intent, response] = REQUIRED.map((name) =>
      normaliseNewlines(row[column.get(name)!] ?? '').trim(),
    );
    const empty = REQUIRED.filter((_, i) => ![text, intent, response][i]);
    if (empty.length > 0) {
      result.problems.push({ line, reason: `empty ${empty.join(', ')}` });
      return;
    }
    result.examples.push({ text: text!, intent: intent!, response: response! });
  });
  return result;
}

import { parseCsvRows } from '@switchboard/text';
import { type BrandDataset, normaliseNewlines } from './types.ts';

const REQUIRED = ['instruction', 'intent', 'response'] as const;

/**
 * Parses the Bitext layout: a header row with (at least) `instruction`, `intent` and `response`
 * columns; other columns are ignored. CRLF inside quoted replies becomes LF.
 */
export function parseBitextCsv(text: string): BrandDataset {
  const result: BrandDataset = { examples: [], problems: [] };
  const parsed = parseCsvRows(text);
  const rows = parsed.map((row) => row.fields);
  const lines = parsed.map((row) => row.line);
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

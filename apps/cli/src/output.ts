import Table from 'cli-table3';

export { UsageError } from './usage-error.ts';

/** What every command receives: the words after the command and the parsed flags. */
export type CommandArgs = {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
};

/** Where a command writes: stdout for results, stderr for progress (tests pass their own). */
export interface Out {
  write(text: string): unknown;
}

/** A value for people: numbers rounded, objects as `key value, …`, lists comma-separated. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([key, inner]) => `${key} ${formatValue(inner)}`)
      .join(', ');
  return String(value);
}

/** Prints a result as JSON (`--json`) or as an aligned two-column list for people. */
export function printResult(
  result: Record<string, unknown>,
  json: boolean,
  out: Out = process.stdout,
): void {
  if (json) {
    out.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [key, value] of Object.entries(result))
    out.write(`${key.padEnd(width)}  ${formatValue(value)}\n`);
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** No borders, no colours: columns separated by two spaces, so output stays greppable. */
const PLAIN = {
  chars: {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '  ',
  },
  style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
};

/**
 * A table with a header row (cli-table3: widths of wide characters and emoji counted right).
 * Cells are formatted with `formatValue`; trailing spaces are trimmed.
 */
export function formatTable(head: string[], rows: unknown[][]): string {
  const table = new Table({ ...PLAIN, head: head.map((h) => h.toUpperCase()) });
  for (const row of rows) table.push(row.map(formatValue));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

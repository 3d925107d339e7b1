/** What every command receives: the words after the command and the parsed flags. */
export type CommandArgs = {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
};

/** Prints a result as JSON (`--json`) or as an aligned two-column table for people. */
export function printResult(
  result: Record<string, unknown>,
  json: boolean,
  out: { write(text: string): unknown } = process.stdout,
): void {
  if (json) {
    out.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [key, value] of Object.entries(result)) {
    const shown =
      typeof value === 'number'
        ? formatNumber(value)
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
    out.write(`${key.padEnd(width)}  ${shown}\n`);
  }
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

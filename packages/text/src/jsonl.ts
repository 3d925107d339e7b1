/** One parsed JSONL line, or the reason it could not be parsed (1-based line number). */
export type JsonlLine = { line: number; value: unknown } | { line: number; error: string };

/** Parses JSON Lines, skipping blank lines and reporting bad ones instead of throwing. */
export function parseJsonl(text: string): JsonlLine[] {
  const out: JsonlLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]?.trim();
    if (!raw) continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      out.push({ line: i + 1, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

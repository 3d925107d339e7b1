/** Splits passage text into sentences and list items, keeping each line of a list whole. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (/^([-*•]|\d+[.)])\s/.test(trimmed) || trimmed.includes(' | ')) {
      out.push(trimmed);
      continue;
    }
    for (const s of trimmed.split(/(?<=[.!?])\s+(?=[A-Z0-9"(])/)) if (s.trim()) out.push(s.trim());
  }
  return out;
}

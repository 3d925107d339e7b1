import { readFile } from 'node:fs/promises';

/** Reads one utterance per line, ignoring blanks and # comments. */
export async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

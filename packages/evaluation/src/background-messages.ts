import { readLines } from '@switchboard/runtime';

/**
 * Messages out of scope for any company from the bundled files: one per line (`out-of-scope.txt`)
 * or `act<TAB>message` (`small-talk.tsv`, whose message is kept). Blank lines and # comments are
 * skipped.
 */
export async function loadBackgroundMessages(paths: readonly string[]): Promise<string[]> {
  const files = await Promise.all(paths.map((path) => readLines(path)));
  return files.flat().flatMap((line) => {
    const text = line.slice(line.indexOf('\t') + 1).trim();
    return text ? [text] : [];
  });
}

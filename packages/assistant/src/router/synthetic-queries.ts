import type { Chunk } from '@switchboard/core';
import { isStopword, seededRandom, words } from '@switchboard/text';

const OPENERS = [
  'how do i',
  'how can i',
  'what is',
  'why does',
  'can i',
  'where is',
  'what does',
  'my',
  'is it possible to',
];

/**
 * Questions the docs can answer, made from the docs themselves, so the router can be fitted for
 * any help centre without hand-labelled data. Customers rarely quote the docs: they echo a few of
 * its words among their own. So a query keeps 2–4 content words of one chunk (in order) and mixes
 * in 1–3 words of other chunks, behind a question opener; a share uses the section heading.
 */
export function syntheticKnowledgeQueries(
  chunks: readonly Pick<Chunk, 'text' | 'sectionPath' | 'title'>[],
  options: { count: number; seed?: number },
): string[] {
  if (chunks.length === 0) return [];
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const contentWords = (text: string) => words(text).filter((w) => w.length > 2 && !isStopword(w));
  const queries: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const chunk = pick(chunks);
    const heading = chunk.sectionPath.at(-1) ?? chunk.title;
    const own = random() < 0.25 && heading ? contentWords(heading) : contentWords(chunk.text);
    if (own.length < 2) continue;
    const keep = Math.min(own.length, 2 + Math.floor(random() * 3));
    const start = Math.floor(random() * (own.length - keep + 1));
    const query = own.slice(start, start + keep);
    const noise = 1 + Math.floor(random() * 3);
    for (let n = 0; n < noise; n++) {
      const other = contentWords(pick(chunks).text);
      if (other.length > 0) query.splice(Math.floor(random() * (query.length + 1)), 0, pick(other));
    }
    queries.push(`${pick(OPENERS)} ${query.join(' ')}`);
  }
  return queries;
}

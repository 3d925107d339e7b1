import type { Chunk } from '@switchboard/core';
import { words } from '@switchboard/text';

/** Small seeded PRNG (mulberry32): fitting must be reproducible run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENERS = ['how do i', 'how can i', 'what is', 'why does', 'can i', 'where is', 'what does'];

/**
 * Questions the docs can answer, made from the docs themselves, so the router can be fitted for
 * any help centre without hand-labelled data: a question word plus a short span of a chunk's
 * text (customers echo the words of the thing they ask about), or its section heading.
 */
export function syntheticKnowledgeQueries(
  chunks: readonly Pick<Chunk, 'text' | 'sectionPath' | 'title'>[],
  options: { count: number; seed?: number },
): string[] {
  if (chunks.length === 0) return [];
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const queries: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const chunk = pick(chunks);
    const heading = chunk.sectionPath.at(-1) ?? chunk.title;
    if (random() < 0.3 && heading) {
      queries.push(`${pick(OPENERS)} ${heading.toLowerCase()}`);
      continue;
    }
    const tokens = words(chunk.text);
    if (tokens.length < 3) continue;
    const length = Math.min(tokens.length, 3 + Math.floor(random() * 5));
    const start = Math.floor(random() * (tokens.length - length + 1));
    queries.push(`${pick(OPENERS)} ${tokens.slice(start, start + length).join(' ')}`);
  }
  return queries;
}

import { seededRandom } from '@switchboard/text';

/** A synthetic help centre: Zipf-distributed vocabulary, so postings look like real text. */
export function generateCorpus(options: {
  sections: number;
  seed?: number;
}): Array<{ id: string; title: string; text: string }> {
  const random = seededRandom(options.seed ?? 42);
  const syllables = [
    'ra',
    'to',
    'me',
    'ni',
    'ko',
    'sa',
    'lu',
    've',
    'di',
    'po',
    'an',
    'el',
    'or',
    'is',
    'un',
    'tha',
    'gre',
    'blo',
    'sti',
    'mar',
  ];
  const vocabulary = Array.from({ length: 6000 }, () => {
    const n = 2 + Math.floor(random() * 3);
    return Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join(
      '',
    );
  });
  // Zipf: P(rank r) ∝ 1 / r; sampled by inverting the cumulative harmonic sum.
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= vocabulary.length; r++) {
    total += 1 / r;
    cumulative.push(total);
  }
  const word = () => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  const sentence = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: options.sections }, (_, i) => ({
    id: `section-${i}`,
    title: sentence(2 + Math.floor(random() * 4)),
    text: Array.from(
      { length: 3 + Math.floor(random() * 5) },
      () => `${sentence(8 + Math.floor(random() * 14))}.`,
    ).join(' '),
  }));
}

/** Queries made of a few words of a random section, like a customer echoing the docs. */
export function generateQueries(
  corpus: ReadonlyArray<{ text: string }>,
  count: number,
  seed = 7,
): string[] {
  return labelledQueries(
    corpus.map((c) => ({ id: '', text: c.text })),
    count,
    seed,
  ).map((q) => q.text);
}

/**
 * `generateQueries` with each query's answer: the id of the section its words were taken from
 * (the same queries for the same sections and seed).
 */
export function labelledQueries(
  sections: ReadonlyArray<{ id: string; text: string }>,
  count: number,
  seed = 7,
): Array<{ text: string; answer: string }> {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const section = sections[Math.floor(random() * sections.length)]!;
    const words = section.text.split(/\s+/);
    const n = 3 + Math.floor(random() * 4);
    const start = Math.floor(random() * Math.max(1, words.length - n));
    return { text: words.slice(start, start + n).join(' '), answer: section.id };
  });
}

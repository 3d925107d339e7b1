import { describe, expect, it } from 'vitest';
import { type LexicalDocument, LexicalIndex } from './lexical-index.ts';

/** Deterministic PRNG (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Skewed vocabulary: a few very common words, many rare ones, support synonyms
// (delete/remove, bill/invoice, phone/mobile) and a compound ("wifi" / "wi fi").
const COMMON = ['settings', 'phone', 'screen', 'account', 'change', 'open', 'app'];
const MIDDLE = ['battery', 'timeout', 'display', 'password', 'reset', 'delete', 'remove', 'bill'];
const RARE = [
  'invoice',
  'mobile',
  'wifi',
  'wi',
  'fi',
  'bluetooth',
  'zeppelin',
  'refund',
  'mooring',
  'hotspot',
  'ringtone',
  'wallpaper',
  'fingerprint',
  'backup',
  'sync',
  'printer',
  'vpn',
  'roaming',
  'voicemail',
  'keyboard',
  'cursor',
  'airship',
  'sms',
  'calendar',
];

function word(next: () => number): string {
  const r = next();
  const list = r < 0.45 ? COMMON : r < 0.8 ? MIDDLE : RARE;
  return list[Math.floor(next() * list.length)]!;
}

function words(next: () => number, min: number, max: number): string {
  const n = min + Math.floor(next() * (max - min + 1));
  return Array.from({ length: n }, () => word(next)).join(' ');
}

function randomDoc(next: () => number, id: string): LexicalDocument {
  const depth = Math.floor(next() * 3);
  const sectionPath = Array.from({ length: depth }, () => words(next, 1, 3));
  // Some chunks are lists of titles (container pages), which the prior demotes.
  const text =
    next() < 0.15
      ? Array.from({ length: 4 }, () => `- ${words(next, 1, 2)}`).join('\n')
      : `${words(next, 3, 40)}. ${words(next, 0, 20)}.`;
  const title = next() < 0.3 ? `${words(next, 1, 2)} > ${words(next, 1, 2)}` : words(next, 1, 3);
  return { id, title, sectionPath, text };
}

function randomQuery(next: () => number): string {
  const q = words(next, 1, 6);
  // Question words (dropped), repeats and pairs from the corpus make bigrams and synonyms.
  return next() < 0.3 ? `How do I ${q}?` : q;
}

/** Both searches, with filters that record what they were asked. */
function compare(
  index: LexicalIndex,
  query: string,
  limit: number,
  keep: ((id: string) => boolean) | undefined,
): number {
  const askedPruned: string[] = [];
  const askedExhaustive: string[] = [];
  const filterOf = (asked: string[]) =>
    keep
      ? (id: string) => {
          asked.push(id);
          return keep(id);
        }
      : undefined;
  const exhaustive = index.search(query, {
    limit,
    filter: filterOf(askedExhaustive),
    exhaustive: true,
  });
  const pruned = index.search(query, { limit, filter: filterOf(askedPruned) });
  expect(pruned, `${JSON.stringify(query)} limit ${limit}`).toEqual(exhaustive);
  // The filter is asked about each chunk at most once a query, never about unmatched ones.
  expect(new Set(askedPruned).size).toBe(askedPruned.length);
  for (const hit of pruned) if (keep) expect(askedPruned).toContain(hit.id);
  return exhaustive.length;
}

describe('pruned lexical search (issue 12)', () => {
  it('returns exactly the exhaustive results on random corpora, changes, filters and limits', () => {
    let compared = 0;
    let nonEmpty = 0;
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const index = new LexicalIndex();
      const live: string[] = [];
      let counter = 0;
      const check = () => {
        for (let q = 0; q < 12; q++) {
          const query = randomQuery(next);
          const limit = [1, 2, 3, 5, 10, 40, 1000][Math.floor(next() * 7)]!;
          const modulo = 2 + Math.floor(next() * 4);
          const keep =
            next() < 0.4 ? (id: string) => Number(id.slice(1)) % modulo !== 0 : undefined;
          if (compare(index, query, limit, keep) > 0) nonEmpty++;
          compared++;
        }
      };
      for (let step = 0; step < 900; step++) {
        const r = next();
        if (r < 0.25 && live.length > 0) {
          // Remove (enough of them to go through automatic compactions).
          const at = Math.floor(next() * live.length);
          index.remove(live[at]!);
          live.splice(at, 1);
        } else if (r < 0.35 && live.length > 0) {
          index.add(randomDoc(next, live[Math.floor(next() * live.length)]!)); // replace
        } else {
          const id = `d${counter++}`;
          index.add(randomDoc(next, id));
          live.push(id);
        }
        if (step % 60 === 59) check();
      }
      check();
      index.compact();
      check();
    }
    expect(compared).toBeGreaterThan(500);
    expect(nonEmpty).toBeGreaterThan(compared / 2);
  });

  it('ranks ties by id and keeps chunks that only tie the k-th score', () => {
    const index = new LexicalIndex();
    // Identical chunks score alike: only the id decides among them.
    for (const id of ['e', 'c', 'a', 'd', 'b']) {
      index.add({ id, title: 'Battery', sectionPath: [], text: 'battery saver mode' });
    }
    for (let i = 0; i < 30; i++) {
      index.add({ id: `x${i}`, title: 'Screen', sectionPath: [], text: `screen timeout ${i}` });
    }
    for (const limit of [1, 2, 3, 6]) {
      const pruned = index.search('battery screen', { limit });
      expect(pruned).toEqual(index.search('battery screen', { limit, exhaustive: true }));
    }
    expect(index.search('battery', { limit: 3 }).map((h) => h.id)).toEqual(['a', 'b', 'c']);
  });

  it('matches the exhaustive search with more results asked than chunks match', () => {
    const next = random(9);
    const index = new LexicalIndex();
    for (let i = 0; i < 200; i++) index.add(randomDoc(next, `d${i}`));
    for (let q = 0; q < 50; q++) {
      const query = randomQuery(next);
      const all = index.search(query, { limit: 10_000, exhaustive: true });
      expect(index.search(query, { limit: 10_000 })).toEqual(all);
      if (all.length > 1) {
        expect(index.search(query, { limit: all.length - 1 })).toEqual(all.slice(0, -1));
      }
    }
  });
});

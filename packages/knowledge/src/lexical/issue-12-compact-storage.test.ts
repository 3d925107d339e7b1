import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../../test/support/property-names.ts';
import { inverseDocumentFrequency } from './bm25f-scorer.ts';
import { analyzeDocument } from './document-analysis.ts';
import { type LexicalDocument, type LexicalHit, LexicalIndex } from './lexical-index.ts';
import { resolveLexicalOptions } from './lexical-options.ts';
import { planQuery } from './query-plan.ts';

/**
 * BM25F as the README defines it, computed the slow way from scratch over the live documents:
 * no postings, no slots, no running counts, every document analysed again on every call. The
 * arithmetic runs in the same order as the index's, so scores must be bit-identical.
 */
function referenceSearch(
  docs: readonly LexicalDocument[],
  query: string,
  limit: number,
  filter?: (id: string) => boolean,
): LexicalHit[] {
  const settings = resolveLexicalOptions();
  const { k1, fields, headingMatchWeight, containerPenalty } = settings;
  const analysed = docs.map((doc) => ({ id: doc.id, analysis: analyzeDocument(doc) }));
  const documents = analysed.length;
  if (documents === 0) return [];
  const df = (key: string) => analysed.filter((d) => d.analysis.frequencies.has(key)).length;
  const plan = planQuery(query, { settings, df });
  if (plan.concepts.length === 0) return [];
  const fieldList = [fields.heading, fields.context, fields.body];
  const averages = [0, 1, 2].map(
    (f) => analysed.reduce((sum, d) => sum + d.analysis.lengths[f]!, 0) / documents,
  );
  const idfs = plan.terms.map((term) => inverseDocumentFrequency(documents, df(term.key)));
  const conceptIdf = idfs.slice(0, plan.concepts.length);
  const totalIdf = conceptIdf.reduce((sum, idf) => sum + idf, 0);
  const hits: LexicalHit[] = [];
  for (const { id, analysis } of analysed) {
    let score = 0;
    let covered = 0;
    let headingHits = 0;
    let headingIdf = 0;
    let matched = false;
    plan.terms.forEach((term, t) => {
      const tf = analysis.frequencies.get(term.key);
      if (!tf) return;
      matched = true;
      const parts = tf.map((frequency, f) => {
        const { weight, b } = fieldList[f]!;
        if (frequency === 0 || weight === 0) return 0;
        const average = averages[f]!;
        const norm = average > 0 ? 1 - b + (b * analysis.lengths[f]!) / average : 1;
        return (weight * frequency) / norm;
      });
      const saturated = parts[0]! + parts[1]! + parts[2]!;
      score += (term.weight * idfs[t]! * saturated) / (k1 + saturated);
      covered |= term.covers;
      if (tf[0] > 0 && term.covers !== 0) {
        headingHits++;
        headingIdf += idfs[t]!;
      }
    });
    if (!matched || (filter && !filter(id))) continue;
    const bonus =
      headingHits > 0 ? (headingMatchWeight * headingIdf * headingHits) / analysis.headingSize : 0;
    const prior = 1 - containerPenalty * (1 - analysis.proseShare);
    const coveredIdf = conceptIdf.reduce(
      (sum, idf, i) => (covered & (1 << i) ? sum + idf : sum),
      0,
    );
    hits.push({
      id,
      score: (score + bonus) * prior,
      coverage: totalIdf > 0 ? coveredIdf / totalIdf : 0,
    });
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits.slice(0, limit);
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const VOCABULARY = (
  'battery screen camera photo picture video alarm clock wifi wi fi network sound vibrate lock ' +
  'unlock finger face contact message email mail storage memory delete remove reset password ' +
  'change update account settings display timeout bluetooth pair constructor prototype'
).split(' ');

/** Random chunks over a small vocabulary (so terms and bigrams repeat across chunks). */
function randomCorpus(seed: number) {
  const random = seededRandom(seed);
  const words = (n: number) =>
    Array.from({ length: n }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(' ');
  const doc = (id: string): LexicalDocument => ({
    id,
    title: random() < 0.3 ? `${words(1)} > ${words(2)}` : words(1 + Math.floor(random() * 3)),
    sectionPath: random() < 0.4 ? [words(2)] : [],
    text: random() < 0.15 ? `${words(2)}\n${words(3)}` : `${words(4 + Math.floor(random() * 30))}.`,
  });
  return { random, words, doc };
}

describe('issue 12: the compact lexical index ranks exactly as BM25F from scratch', () => {
  it('matches the reference through adds, replacements, removals and compactions', () => {
    const { random, words, doc } = randomCorpus(7);
    const index = new LexicalIndex();
    const live = new Map<string, LexicalDocument>();
    let compactions = 0;
    let lastDead = 0;
    const check = () => {
      for (let q = 0; q < 6; q++) {
        const query = words(1 + Math.floor(random() * 4));
        expect(index.search(query, { limit: 8 }), query).toEqual(
          referenceSearch([...live.values()], query, 8),
        );
      }
      const odd = (id: string) => Number(id.slice(1)) % 2 === 1;
      expect(index.search('battery screen', { limit: 5, filter: odd })).toEqual(
        referenceSearch([...live.values()], 'battery screen', 5, odd),
      );
    };
    for (let step = 0; step < 1500; step++) {
      const id = `d${Math.floor(random() * 120)}`;
      if (random() < 0.35) {
        expect(index.remove(id)).toBe(live.delete(id));
      } else {
        const d = doc(id);
        index.add(d); // a replacement when the id is held
        live.set(id, d);
      }
      const { dead } = index.stats();
      if (dead < lastDead) compactions++;
      lastDead = dead;
      if (step % 50 === 0) check();
    }
    check();
    // The run went through several automatic compactions, each followed by reused slots.
    expect(compactions).toBeGreaterThan(3);
    expect(index.size).toBe(live.size);
    index.compact();
    expect(index.stats().dead).toBe(0);
    check();
  });

  it('drops the keys of removed chunks when it compacts, and counts only live chunks before', () => {
    const index = new LexicalIndex();
    index.add({ id: 'a', title: 'Zeppelin', sectionPath: [], text: 'Zeppelin airship mooring.' });
    index.add({ id: 'b', title: 'Battery', sectionPath: [], text: 'Battery saver mode.' });
    const before = index.stats();
    index.remove('a');
    // Not compacted yet: the removed chunk's postings are kept but count for nothing.
    expect(index.stats()).toMatchObject({ chunks: 1, dead: 1, keys: before.keys });
    expect(index.search('zeppelin airship', { limit: 3 })).toEqual([]);
    expect(index.search('battery', { limit: 3 })).toEqual(
      referenceSearch(
        [{ id: 'b', title: 'Battery', sectionPath: [], text: 'Battery saver mode.' }],
        'battery',
        3,
      ),
    );
    index.compact();
    const after = index.stats();
    expect(after.dead).toBe(0);
    expect(after.keys).toBeLessThan(before.keys);
    expect(after.postings).toBeLessThan(before.postings);
    // The freed slot is reused, and the words of the removed chunk can come back.
    index.add({ id: 'c', title: 'Zeppelin', sectionPath: [], text: 'Zeppelin hangar.' });
    expect(index.search('zeppelin', { limit: 3 }).map((h) => h.id)).toEqual(['c']);
  });

  it('keeps chunk ids that are property names apart from everything else', () => {
    const index = new LexicalIndex();
    const docs = PROPERTY_NAMES.map((name) => ({
      id: name,
      title: name,
      sectionPath: [],
      text: `${name} setting and more text about ${name}`,
    }));
    for (const d of docs) index.add(d);
    for (const d of docs.slice(0, 10)) index.remove(d.id);
    index.compact();
    const rest = docs.slice(10);
    expect(index.search('setting text', { limit: 50 })).toEqual(
      referenceSearch(rest, 'setting text', 50),
    );
    expect(index.has('constructor')).toBe(false);
    expect(index.has(rest[0]!.id)).toBe(true);
  });

  it('tells whether it holds a chunk with exactly these fields', () => {
    const index = new LexicalIndex();
    const d = { id: 'a', title: 'Router', sectionPath: ['Reset'], text: 'Hold the reset button.' };
    index.add(d);
    expect(index.holds(d)).toBe(true);
    expect(index.holds({ ...d, text: 'Hold the reset button!' })).toBe(false);
    expect(index.holds({ ...d, sectionPath: ['Restart'] })).toBe(false);
    expect(index.holds({ ...d, id: 'b' })).toBe(false);
    // A breadcrumb title that splits into the same fields is the same chunk to the index.
    expect(index.holds({ ...d, title: 'Router > Reset', sectionPath: [] })).toBe(true);
    expect(index.holds({ ...d, sectionPath: [42] } as never)).toBe(false);
  });
});

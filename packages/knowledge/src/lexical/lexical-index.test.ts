import { isSwitchboardError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { type LexicalDocument, LexicalIndex } from './lexical-index.ts';

function doc(id: string, title: string, text: string, sectionPath: string[] = []): LexicalDocument {
  return { id, title, sectionPath, text };
}

function build(docs: LexicalDocument[], options?: ConstructorParameters<typeof LexicalIndex>[0]) {
  const index = new LexicalIndex(options);
  for (const d of docs) index.add(d);
  return index;
}

const filler =
  'From Settings, tap the option and follow the prompts. Changes apply to every account on this phone.';

describe('LexicalIndex ranking', () => {
  it('finds a page by a support synonym, below one using the word typed', () => {
    const pages = [
      doc('remove', 'Accounts > Remove an account', 'Tap the account, then Remove account.'),
      doc('add', 'Accounts > Add an account', 'Tap Add account, then sign in to the new account.'),
    ];
    const hits = build(pages).search('How to delete account?', { limit: 10 });
    expect(hits[0]?.id).toBe('remove');
    // "delete" is covered by "remove": the page answers the whole question, not its half.
    const without = build(pages, { synonymWeight: 0 }).search('How to delete account?', {
      limit: 10,
    });
    const coverage = (list: typeof hits) => list.find((h) => h.id === 'remove')?.coverage ?? 0;
    expect(coverage(without)).toBeLessThan(0.5);
    expect(coverage(hits)).toBe(1);
    const typed = build([
      ...pages,
      doc('delete', 'Accounts > Delete an account', 'Tap the account, then Delete account.'),
    ]).search('How to delete account?', { limit: 10 });
    expect(typed.map((h) => h.id).slice(0, 2)).toEqual(['delete', 'remove']);
  });

  it('ranks a heading match above a body mention', () => {
    const index = build([
      doc('body', 'Display', `${filler} You can also change the screen timeout here. ${filler}`),
      doc(
        'heading',
        'Settings > Display > Screen timeout',
        'Choose how long to wait before it turns off.',
      ),
      doc('other', 'Sounds', filler),
    ]);
    const hits = index.search('How do I change the screen timeout?', { limit: 10 });
    expect(hits.map((h) => h.id).slice(0, 2)).toEqual(['heading', 'body']);
  });

  it('gives a bonus when query terms are adjacent in the chunk', () => {
    // Same terms, same lengths; only the order differs.
    const docs = [
      doc('apart', 'Guide', 'Location tap turn quickly.'),
      doc('adjacent', 'Guide', 'Tap turn location quickly.'),
    ];
    const withBigrams = build(docs).search('turn location', { limit: 2 });
    expect(withBigrams.map((h) => h.id)).toEqual(['adjacent', 'apart']);
    expect(withBigrams[0]!.score).toBeGreaterThan(withBigrams[1]!.score);

    const without = build(docs, { bigramWeight: 0 }).search('turn location', { limit: 2 });
    expect(without[0]!.score).toBe(without[1]!.score);

    // The bonus is one more BM25F term scaled by bigramWeight: doubling the weight doubles the gap.
    const gap = (bigramWeight: number) => {
      const [first, second] = build(docs, { bigramWeight }).search('turn location', { limit: 2 });
      return first!.score - second!.score;
    };
    expect(gap(1)).toBeCloseTo(2 * gap(0.5), 10);
  });

  it('reports idf-weighted coverage of the query terms', () => {
    const index = build([
      doc('both', 'Guide', 'battery saver'),
      doc('battery', 'Guide', 'battery level'),
      doc('x', 'Guide', 'battery charging'),
      doc('y', 'Guide', 'screen brightness'),
    ]);
    // N = 4; df(battery) = 3, df(saver) = 1.
    const idf = (df: number) => Math.log(1 + (4 - df + 0.5) / (df + 0.5));
    const hits = index.search('battery saver', { limit: 10 });
    const coverage = Object.fromEntries(hits.map((h) => [h.id, h.coverage]));
    expect(coverage.both).toBeCloseTo(1, 12);
    expect(coverage.battery).toBeCloseTo(idf(3) / (idf(3) + idf(1)), 12);
    expect(coverage.y).toBeUndefined();
    // A term the index has never seen counts as missing, with the idf of df = 0.
    const partial = index.search('battery zeppelin', { limit: 1 });
    expect(partial[0]!.coverage).toBeCloseTo(idf(3) / (idf(3) + idf(0)), 12);
  });

  it('demotes container pages whose body only lists child titles', () => {
    const docs = [
      doc('container', 'Camera', 'Camera\nCamera settings\nRecord videos\nTake pictures'),
      doc(
        'page',
        'Camera',
        'Camera\nUse the camera to take pictures of things around you.\nTap record.',
      ),
    ];
    expect(build(docs).search('camera', { limit: 2 })[0]!.id).toBe('page');
  });

  it('ignores question words in queries but not in documents', () => {
    const index = build([doc('a', 'Guide', 'How it works: pairing headphones.')]);
    expect(index.search('how', { limit: 5 })).toEqual([]);
    expect(index.search('How can I pair headphones?', { limit: 5 }).map((h) => h.id)).toEqual([
      'a',
    ]);
  });

  it('folds British and American spelling', () => {
    const index = build([doc('a', 'Display', 'Customize the color of icons.')]);
    expect(index.search('customise colour', { limit: 1 })[0]?.coverage).toBeCloseTo(1, 12);
  });

  it('repairs compounds against the vocabulary in both directions', () => {
    const index = build([
      doc('hyphen', 'Connections', 'Connect to a Wi-Fi network.'),
      doc('joined', 'Messages', 'Send a voicemail to a contact.'),
    ]);
    expect(index.search('wifi', { limit: 1 })[0]?.id).toBe('hyphen');
    expect(index.search('voice mail', { limit: 1 })[0]?.id).toBe('joined');
    expect(
      build([doc('a', 'T', 'Connect to Wi-Fi.')], { compounds: false }).search('wifi', {
        limit: 1,
      }),
    ).toEqual([]);
  });

  it('reads the heading from sectionPath or from a breadcrumb title alike', () => {
    const crumbs = build([doc('a', 'Settings > Display > Screen timeout', 'Choose a delay.')]);
    const path = build([doc('a', 'Settings', 'Choose a delay.', ['Display', 'Screen timeout'])]);
    const query = 'screen timeout display';
    expect(path.search(query, { limit: 1 })).toEqual(crumbs.search(query, { limit: 1 }));
  });
});

describe('LexicalIndex maintenance', () => {
  it('adds, replaces, removes and reports size', () => {
    const index = new LexicalIndex();
    index.add(doc('a', 'Guide', 'alpha beta'));
    index.add(doc('b', 'Guide', 'beta gamma'));
    index.add(doc('a', 'Guide', 'delta'));
    expect(index.size).toBe(2);
    expect(index.has('a')).toBe(true);
    expect(index.search('alpha', { limit: 5 })).toEqual([]);
    expect(index.search('delta', { limit: 5 }).map((h) => h.id)).toEqual(['a']);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.has('a')).toBe(false);
    expect(index.size).toBe(1);
    expect(index.search('delta', { limit: 5 })).toEqual([]);
  });

  it('stays identical to a freshly built index after random adds, replaces and removes', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const vocabulary =
      'battery screen camera photo video alarm clock wifi network sound vibrate lock unlock finger face contact message email storage memory'.split(
        ' ',
      );
    const text = (n: number) =>
      Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(
        ' ',
      );
    const randomDoc = (id: string) =>
      doc(
        id,
        text(1 + Math.floor(random() * 3)),
        text(3 + Math.floor(random() * 30)),
        random() < 0.3 ? [text(2)] : [],
      );

    const incremental = new LexicalIndex();
    const live = new Map<string, LexicalDocument>();
    for (let step = 0; step < 400; step++) {
      const id = `d${Math.floor(random() * 80)}`;
      if (random() < 0.3) {
        incremental.remove(id);
        live.delete(id);
      } else {
        const d = randomDoc(id);
        incremental.add(d);
        live.set(id, d);
      }
    }
    const fresh = build([...live.values()].reverse());
    expect(incremental.size).toBe(fresh.size);
    for (let q = 0; q < 25; q++) {
      const query = text(1 + Math.floor(random() * 4));
      expect(incremental.search(query, { limit: 10 })).toEqual(fresh.search(query, { limit: 10 }));
    }
  });

  it('applies the filter before the limit', () => {
    const index = build([
      doc('s10/a', 'Guide', 'battery saver'),
      doc('s20/a', 'Guide', 'battery saver'),
      doc('s10/b', 'Guide', 'battery level'),
      doc('s20/b', 'Guide', 'battery'),
    ]);
    const hits = index.search('battery saver', { limit: 2, filter: (id) => id.startsWith('s10/') });
    expect(hits.map((h) => h.id)).toEqual(['s10/a', 's10/b']);
  });

  it('returns nothing for an empty index or a stopword-only query', () => {
    expect(new LexicalIndex().search('battery', { limit: 3 })).toEqual([]);
    expect(build([doc('a', 'T', 'the battery')]).search('what is the', { limit: 3 })).toEqual([]);
  });

  it('rejects a bad limit and bad options with stable codes', () => {
    const index = build([doc('a', 'T', 'battery')]);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return isSwitchboardError(err) ? err.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => index.search('battery', { limit: 0 }))).toBe('BAD_REQUEST');
    expect(codeOf(() => new LexicalIndex({ fields: { body: { b: 2 } } }))).toBe('CONFIG_INVALID');
    expect(codeOf(() => new LexicalIndex({ k1: 0 }))).toBe('CONFIG_INVALID');
  });
});

describe('LexicalIndex scratch reuse (no index-sized arrays per query)', () => {
  const docs = [
    doc(
      'timeout',
      'Display > Screen timeout',
      'Choose how long the screen waits before it turns off.',
    ),
    doc('wifi', 'Connections > Wi-Fi', 'Turn on Wi-Fi and pick a network to join.'),
    doc('both', 'Tips', 'The screen dims while Wi-Fi scans for a network.'),
  ];

  it('answers every query as a fresh index would, whatever ran before it', () => {
    const reused = build(docs);
    reused.search('screen timeout', { limit: 3 });
    reused.search('wifi network screen', { limit: 3 });
    for (const query of ['wifi network', 'screen timeout', 'network']) {
      expect(reused.search(query, { limit: 3 }), query).toEqual(
        build(docs).search(query, { limit: 3 }),
      );
    }
  });

  it('starts clean after a filter threw mid-query', () => {
    const index = build(docs);
    expect(() =>
      index.search('screen network', {
        limit: 3,
        filter: () => {
          throw new Error('filter failed');
        },
      }),
    ).toThrow('filter failed');
    expect(index.search('screen network', { limit: 3 })).toEqual(
      build(docs).search('screen network', { limit: 3 }),
    );
  });
});

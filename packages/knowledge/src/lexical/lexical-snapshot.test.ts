import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSwitchboardError } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LexicalDocument, LexicalIndex } from './lexical-index.ts';

const WORDS = (
  'battery screen camera photo video alarm wifi network sound lock unlock contact message ' +
  'email storage delete remove reset password change account settings display timeout pair'
).split(' ');

function corpus(count: number, seed = 3) {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const words = (n: number) =>
    Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  const doc = (id: string): LexicalDocument => ({
    id,
    title: `${words(1)} > ${words(2)}`,
    sectionPath: random() < 0.5 ? [words(2)] : [],
    text: `${words(5 + Math.floor(random() * 40))}.`,
  });
  return { docs: Array.from({ length: count }, (_, i) => doc(`c${i}`)), doc, words };
}

const QUERIES = ['battery', 'reset password', 'wifi network settings', 'delete account', 'photo'];

function sameAnswers(a: LexicalIndex, b: LexicalIndex, queries = QUERIES) {
  for (const query of queries) {
    expect(b.search(query, { limit: 20 }), query).toEqual(a.search(query, { limit: 20 }));
  }
}

async function codeOfLoad(file: string): Promise<string> {
  try {
    await LexicalIndex.load(file);
    return 'loaded';
  } catch (err) {
    return isSwitchboardError(err) ? err.code : ((err as NodeJS.ErrnoException).code ?? 'other');
  }
}

describe('issue 12: the saved lexical index', () => {
  let directory: string;
  let file: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-lexical-snapshot-'));
    file = join(directory, 'chunks.lexical');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads back an index that answers exactly as the saved one, also after more changes', async () => {
    const { docs, doc } = corpus(300);
    const original = new LexicalIndex();
    for (const d of docs) original.add(d);
    // Some removed chunks whose postings are still stored (fewer than a compaction needs).
    for (const d of docs.slice(0, 40)) original.remove(d.id);
    expect(original.stats().dead).toBe(40);
    expect(await original.save(file)).toBe(true);

    const loaded = await LexicalIndex.load(file);
    expect(loaded.size).toBe(original.size);
    expect(loaded.stats().dead).toBe(0); // removed chunks are not saved
    expect([...loaded.ids()].sort()).toEqual([...original.ids()].sort());
    sameAnswers(original, loaded);
    expect(loaded.holds(docs[100]!)).toBe(true);
    expect(loaded.holds(docs[0]!)).toBe(false);

    // Both go on taking the same changes (new chunks reuse the slots left free on load).
    const added = Array.from({ length: 60 }, (_, i) => doc(`new${i}`));
    for (const index of [original, loaded]) {
      for (const d of added) index.add(d);
      for (const d of docs.slice(200, 260)) index.remove(d.id);
      index.add({ ...docs[150]!, text: 'battery reset' });
    }
    sameAnswers(original, loaded);
    loaded.compact();
    sameAnswers(original, loaded);
  });

  it('saves and loads an empty index', async () => {
    expect(await new LexicalIndex().save(file)).toBe(true);
    const loaded = await LexicalIndex.load(file);
    expect(loaded.size).toBe(0);
    expect(loaded.search('battery', { limit: 3 })).toEqual([]);
    loaded.add({ id: 'a', title: 'Battery', sectionPath: [], text: 'Battery saver.' });
    expect(loaded.search('battery', { limit: 3 }).map((h) => h.id)).toEqual(['a']);
  });

  it('refuses a corrupt, truncated or foreign file with DATA_INVALID', async () => {
    const index = new LexicalIndex();
    for (const d of corpus(50).docs) index.add(d);
    await index.save(file);
    const bytes = await readFile(file);
    const variants: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['text', Buffer.from('not an index at all, just some text that is long enough')],
      ['truncated', bytes.subarray(0, bytes.length - 100)],
      ['extended', Buffer.concat([bytes, Buffer.from([0])])],
    ];
    // One flipped bit anywhere: in the header, the postings, the per-chunk columns, the checksum.
    for (const at of [9, 40, Math.floor(bytes.length / 2), bytes.length - 200, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = flipped[at]! ^ 0x10;
      variants.push([`bit at ${at}`, flipped]);
    }
    // A well-formed header that claims another analyser (same length, so sizes still agree).
    const text = bytes.toString('latin1');
    const digest = /"analyzer":"([0-9a-f]+)"/.exec(text)![1]!;
    variants.push([
      'other analyser',
      Buffer.from(text.replace(digest, digest.replace(/./g, '0')), 'latin1'),
    ]);
    for (const [name, content] of variants) {
      await writeFile(file, content);
      expect(await codeOfLoad(file), name).toBe('DATA_INVALID');
    }
    expect(await codeOfLoad(join(directory, 'missing.lexical'))).toBe('ENOENT');
  });

  it('gives up a save when the index changes meanwhile, and leaves no file behind', async () => {
    const { docs, doc } = corpus(200);
    const index = new LexicalIndex();
    for (const d of docs) index.add(d);
    await index.save(file);
    const saved = await readFile(file);
    const saving = index.save(file);
    index.add(doc('late'));
    expect(await saving).toBe(false);
    // The previous file is untouched and no temporary file is left.
    expect((await readFile(file)).equals(saved)).toBe(true);
    expect(await readdir(directory)).toEqual(['chunks.lexical']);
    expect(await index.save(file)).toBe(true);
    expect((await LexicalIndex.load(file)).has('late')).toBe(true);
  });
});

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedChunk } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedIndex } from './embedded-index.ts';

const chunk = (docId: string, text: string, vector?: number[]): EmbeddedChunk => ({
  id: `${docId}#1`,
  docId,
  title: 'T',
  sectionPath: [],
  text,
  hash: 'h',
  position: 0,
  ...(vector ? { vector } : {}),
});

/** `count` documents that all mention `word`, so one query matches every one of them. */
const docs = (prefix: string, word: string, count: number): EmbeddedChunk[] =>
  Array.from({ length: count }, (_, i) => chunk(`${prefix}${i}`, `${word} router guide ${i}`));

const ids = async (index: EmbeddedIndex, text: string, limit = 500): Promise<string[]> =>
  (await index.search({ text, limit })).map((h) => h.chunk.id).sort();

/** Physical LanceDB tables on disk (directories named `<table>.lance`). */
const tablesOnDisk = async (directory: string): Promise<string[]> =>
  (await readdir(directory)).filter((f) => f.endsWith('.lance')).sort();

describe('EmbeddedIndex full rebuilds', () => {
  let directory: string;
  const open: EmbeddedIndex[] = [];
  const openIndex = async () => {
    const index = await EmbeddedIndex.open({ directory });
    open.push(index);
    return index;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-rebuild-'));
  });
  afterEach(async () => {
    for (const index of open.splice(0)) await index.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves only the new content after commit, drops the old table, and survives a reopen', async () => {
    const live = await openIndex();
    await live.upsert(docs('old', 'alpha', 3));
    expect(await tablesOnDisk(directory)).toEqual(['chunks.lance']);

    const next = await live.beginRebuild();
    await next.upsert([chunk('new0', 'beta router'), chunk('new1', 'beta modem')]);
    expect(await ids(live, 'alpha')).toEqual(['old0#1', 'old1#1', 'old2#1']); // not yet switched
    expect(await ids(live, 'beta')).toEqual([]);
    await live.commitRebuild(next);

    expect(await ids(live, 'alpha')).toEqual([]);
    expect(await ids(live, 'beta')).toEqual(['new0#1', 'new1#1']);
    expect(await live.count()).toBe(2);
    expect(await tablesOnDisk(directory)).toEqual(['chunks_v1.lance']);
    await expect(next.count()).rejects.toMatchObject({ code: 'INDEX_UNAVAILABLE' }); // consumed

    // A second rebuild numbers on from the pointer, and writes after a commit land in the new table.
    await live.upsert([chunk('new2', 'beta switch')]);
    const again = await live.beginRebuild();
    await again.upsert([chunk('z', 'gamma')]);
    await live.commitRebuild(again);
    expect(await tablesOnDisk(directory)).toEqual(['chunks_v2.lance']);

    await live.close();
    const reopened = await openIndex();
    expect(await ids(reopened, 'gamma')).toEqual(['z#1']);
    expect(await reopened.count()).toBe(1);
  });

  it('switches another instance on the same directory after the commit', async () => {
    const live = await openIndex();
    const other = await openIndex(); // stands in for another process (own connection, own mirror)
    await live.upsert(docs('old', 'alpha', 2));
    expect(await ids(other, 'alpha')).toEqual(['old0#1', 'old1#1']);

    const next = await live.beginRebuild();
    await next.upsert([chunk('new0', 'beta', [1, 0]), chunk('new1', 'beta', [0, 1])]);
    expect(await ids(other, 'beta')).toEqual([]);
    await live.commitRebuild(next);

    expect(await ids(other, 'alpha')).toEqual([]);
    expect(await ids(other, 'beta')).toEqual(['new0#1', 'new1#1']);
    const dense = await other.search({ text: 'nothing', vector: [0.1, 1], limit: 1 });
    expect(dense.map((h) => h.chunk.id)).toEqual(['new1#1']); // the new table's vectors serve
    await other.upsert([chunk('late', 'beta late')]);
    expect(await live.count()).toBe(3); // the other instance writes into the new table too
  });

  it('abort drops the unfinished table and leaves the old content serving', async () => {
    const live = await openIndex();
    await live.upsert(docs('old', 'alpha', 2));
    const next = await live.beginRebuild();
    await next.upsert([chunk('new0', 'beta')]);
    expect(await tablesOnDisk(directory)).toEqual(['chunks.lance', 'chunks_v1.lance']);

    await live.abortRebuild(next);
    expect(await tablesOnDisk(directory)).toEqual(['chunks.lance']);
    expect(await ids(live, 'alpha')).toEqual(['old0#1', 'old1#1']);
    expect(await ids(live, 'beta')).toEqual([]);
    await expect(next.upsert([chunk('x', 'x')])).rejects.toMatchObject({
      code: 'INDEX_UNAVAILABLE',
    });

    // A table left behind by an unfinished rebuild is replaced by the next one, not reused.
    const stale = await live.beginRebuild();
    await stale.upsert([chunk('leftover', 'beta')]);
    await stale.close();
    const fresh = await live.beginRebuild();
    expect(await fresh.count()).toBe(0);
    await fresh.upsert([chunk('n', 'delta')]);
    await live.commitRebuild(fresh);
    expect(await ids(live, 'beta')).toEqual([]);
    expect(await ids(live, 'delta')).toEqual(['n#1']);
  });

  it('keeps one pointer per logical table name, and names a corrupt pointer file', async () => {
    // Looks at the pointer before every read: the edit below is made by hand, not by a commit.
    const faq = await EmbeddedIndex.open({ directory, table: 'faq', checkIntervalMs: 0 });
    open.push(faq);
    const chunks = await openIndex();
    await chunks.upsert([chunk('c', 'alpha')]);
    const next = await faq.beginRebuild();
    await next.upsert([chunk('f', 'alpha')]);
    await faq.commitRebuild(next);
    expect(await tablesOnDisk(directory)).toEqual(['chunks.lance', 'faq_v1.lance']);
    expect(await ids(chunks, 'alpha')).toEqual(['c#1']);
    expect(await ids(faq, 'alpha')).toEqual(['f#1']);

    await writeFile(join(directory, 'faq.current-table.json'), '{"table":"../etc"}');
    await expect(faq.count()).rejects.toMatchObject({ code: 'DATA_INVALID' });
    await expect(EmbeddedIndex.open({ directory, table: 'faq' })).rejects.toMatchObject({
      code: 'DATA_INVALID',
    });
  });

  it('refuses to commit or abort an index that is not a rebuild of this one', async () => {
    const live = await openIndex();
    const elsewhere = await EmbeddedIndex.open({ directory: join(directory, 'other') });
    open.push(elsewhere);
    const foreign = await elsewhere.beginRebuild();
    open.push(foreign);
    await expect(live.commitRebuild(live)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(live.commitRebuild(foreign)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(live.abortRebuild(foreign)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(foreign.beginRebuild()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('never returns an empty or partial result set to queries during a full rebuild', async () => {
    const live = await openIndex();
    const other = await openIndex();
    const oldDocs = docs('old', 'router', 40);
    await live.upsert(oldDocs);
    const oldIds = oldDocs.map((c) => c.id).sort();
    const newDocs = docs('new', 'router', 200);
    const newIds = newDocs.map((c) => c.id).sort();

    const rebuild = async () => {
      const next = await live.beginRebuild();
      for (let i = 0; i < newDocs.length; i += 25) await next.upsert(newDocs.slice(i, i + 25));
      await live.commitRebuild(next);
    };
    const answers: string[][] = [];
    const query = async () => {
      for (let i = 0; i < 150; i += 1) {
        answers.push(await ids(live, 'router'), await ids(other, 'router'));
      }
    };
    await Promise.all([rebuild(), query()]);

    const kinds = answers.map((answer) => {
      if (JSON.stringify(answer) === JSON.stringify(oldIds)) return 'old';
      if (JSON.stringify(answer) === JSON.stringify(newIds)) return 'new';
      return `partial(${answer.length})`;
    });
    expect(answers).toHaveLength(300);
    expect(kinds.filter((k) => k !== 'old' && k !== 'new')).toEqual([]);
    expect(kinds).toContain('old'); // the loop really overlapped the rebuild
    expect(await ids(live, 'router')).toEqual(newIds);
    expect(await ids(other, 'router')).toEqual(newIds);
  });
});

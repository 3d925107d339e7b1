import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmbeddedChunk, KnowledgeIndex, SearchQuery, SourceDocument } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ingestDocuments } from '../ingest/ingest-documents.ts';
import { ChunkMirror } from './chunk-mirror.ts';
import { ChunkTable } from './chunk-table.ts';
import { EmbeddedIndex, type EmbeddedIndexOptions } from './embedded-index.ts';
import { ServedTable } from './served-table.ts';
import { TablePointer } from './table-pointer.ts';

const writerScript = fileURLToPath(
  new URL('./fixtures/write-in-another-process.ts', import.meta.url),
);

const chunk = (docId: string, text: string, source = 'help'): EmbeddedChunk => ({
  id: `${docId}#1`,
  docId,
  title: 'T',
  sectionPath: [],
  text,
  hash: 'h',
  position: 0,
  source,
});

/** `count` chunks that all mention `word`, starting at number `from`. */
const many = (word: string, count: number, from = 0): EmbeddedChunk[] =>
  Array.from({ length: count }, (_, i) =>
    chunk(`d${from + i}`, `${word} guide number ${from + i} ${i % 7 === 0 ? 'reset' : 'setup'}`),
  );

/** What LanceDB itself holds for the `chunks` table of `directory`. */
async function onDisk(directory: string) {
  const lancedb = await import('@lancedb/lancedb');
  const db = await lancedb.connect(directory);
  const table = await db.openTable('chunks');
  try {
    return {
      version: await table.version(),
      rows: await table.countRows(),
      fragments: (await table.stats()).fragmentStats.numFragments,
      versions: (await table.listVersions()).length,
      idIndexed: (await table.listIndices()).some((i) => i.columns.includes('id')),
    };
  } finally {
    table.close();
    db.close();
  }
}

/** Runs the writer fixture in its own Node process and waits for it to exit. */
function commitInAnotherProcess(directory: string, docId: string, text: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, directory, docId, text], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data) => {
    stderr += String(data);
  });
  return new Promise((done, fail) => {
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
}

const hitIds = async (index: KnowledgeIndex, query: SearchQuery) =>
  (await index.search(query)).map((h) => [h.chunk.id, h.score.toFixed(6)]);

describe('issue 12: the embedded index at linear cost', () => {
  let directory: string;
  const opened: EmbeddedIndex[] = [];
  const open = async (options: Partial<EmbeddedIndexOptions> = {}, dir = directory) => {
    const index = await EmbeddedIndex.open({ directory: dir, ...options });
    opened.push(index);
    return index;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-issue12-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const index of opened.splice(0)) await index.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('passes no filter to the lexical engine when the query asks for none', async () => {
    const index = await open();
    await index.upsert([...many('router', 300), chunk('blog', 'router news', 'blog')]);
    const search = vi.spyOn(ChunkMirror.prototype, 'search');
    const get = vi.spyOn(ChunkMirror.prototype, 'get');

    const hits = await index.search({ text: 'router guide', limit: 5 });

    expect(hits).toHaveLength(5);
    expect(search.mock.calls[0]?.[1].filter).toBeUndefined();
    // One lookup per fused hit at most (40 candidates), not one per matching chunk (301).
    expect(get.mock.calls.length).toBeLessThanOrEqual(40);

    search.mockClear();
    const filtered = await index.search({ text: 'router', limit: 5, filter: { source: 'blog' } });
    expect(filtered.map((h) => h.chunk.id)).toEqual(['blog#1']);
    expect(search.mock.calls[0]?.[1].filter).toBeTypeOf('function');
    const byDoc = await index.search({ text: 'router', limit: 5, filter: { docIds: ['d3'] } });
    expect(byDoc.map((h) => h.chunk.id)).toEqual(['d3#1']);
  });

  it('reads neither the pointer nor the table version when nothing changed', async () => {
    const index = await open({ checkIntervalMs: 60_000 });
    await index.upsert(many('modem', 20));
    await index.count(); // settled after our own write
    const pointerReads = vi.spyOn(TablePointer.prototype, 'read');
    const versionReads = vi.spyOn(ChunkTable.prototype, 'latestVersion');

    for (let i = 0; i < 200; i++) {
      await index.search({ text: 'modem guide', limit: 3 });
      await index.count();
    }

    expect(pointerReads).not.toHaveBeenCalled();
    expect(versionReads).not.toHaveBeenCalled();
  });

  it('sees a commit made by another process within the check interval', {
    timeout: 60_000,
  }, async () => {
    const reader = await open({ checkIntervalMs: 100 });
    await reader.upsert([chunk('local', 'local words')]);
    expect(await reader.count()).toBe(1);

    await commitInAnotherProcess(directory, 'remote', 'written by the worker process');
    const committed = Date.now();
    let seenAfter: number | undefined;
    while (Date.now() - committed < 5_000) {
      const hits = await reader.search({ text: 'worker process', limit: 3 });
      if (hits.some((h) => h.chunk.id === 'remote#1')) {
        seenAfter = Date.now() - committed;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }

    expect(seenAfter).toBeDefined();
    expect(seenAfter).toBeLessThan(1_000); // 100 ms interval, with room for a busy machine
    expect(await reader.count()).toBe(2);
    // The reader writes after it (a write always checks first): nothing is lost or duplicated.
    await reader.upsert([chunk('remote', 'rewritten by the server')]);
    expect(await reader.count()).toBe(2);
    expect((await onDisk(directory)).rows).toBe(2);
  });

  it('compacts, indexes ids and drops old versions without changing rows or results', async () => {
    const compacted = await open({
      maintenance: { minCommits: 10, balance: 0, keepVersionsMs: 0, idleMs: 60_000 },
    });
    const plainDir = await mkdtemp(join(tmpdir(), 'sb-issue12-plain-'));
    const never = { minCommits: 1e9, idleMs: 1e9 };
    const plain = await open({ maintenance: never }, plainDir);
    try {
      for (let b = 0; b < 40; b++) {
        const batch = many(b % 2 ? 'router' : 'modem', 5, b * 5);
        await compacted.upsert(batch);
        await plain.upsert(batch);
      }
      await compacted.deleteDocuments(['d0', 'd7']);
      await plain.deleteDocuments(['d0', 'd7']);
      await compacted.upsert([chunk('d3', 'router replaced text')]); // a merge, not an append
      await plain.upsert([chunk('d3', 'router replaced text')]);
      await compacted.upsert([]); // a write waits for the maintenance running in the background

      const disk = await onDisk(directory);
      const plainDisk = await onDisk(plainDir);
      expect(disk.idIndexed).toBe(true);
      expect(disk.rows).toBe(198);
      expect(plainDisk.rows).toBe(198);
      expect(disk.fragments).toBeLessThan(10);
      expect(plainDisk.fragments).toBeGreaterThanOrEqual(40);
      expect(disk.versions).toBeLessThan(15);
      expect(plainDisk.versions).toBeGreaterThan(40);

      expect(await compacted.count()).toBe(await plain.count());
      for (const text of ['router guide', 'modem reset', 'replaced text', 'number 17']) {
        expect(await hitIds(compacted, { text, limit: 10 })).toEqual(
          await hitIds(plain, { text, limit: 10 }),
        );
      }

      // Another instance loads the compacted table and answers the same.
      const reopened = await open();
      expect(await hitIds(reopened, { text: 'router guide', limit: 10 })).toEqual(
        await hitIds(plain, { text: 'router guide', limit: 10 }),
      );
    } finally {
      await rm(plainDir, { recursive: true, force: true });
    }
  });

  it('maintains once writes go quiet, and a reader follows without re-analysing', async () => {
    const writer = await open({ maintenance: { minCommits: 1e9, keepVersionsMs: 0, idleMs: 300 } });
    const reader = await open();
    for (let b = 0; b < 8; b++) await writer.upsert(many('switch', 5, b * 5));
    expect(await reader.count()).toBe(40);
    const before = await onDisk(directory);
    expect(before.fragments).toBeGreaterThan(1); // 8 unless a write took longer than idleMs

    const deadline = Date.now() + 5_000;
    while ((await onDisk(directory)).fragments > 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = await onDisk(directory);
    expect(after.fragments).toBe(1);
    expect(after.version).toBeGreaterThan(before.version);

    // The reader sees a new version with the same rows: it reads them, analyses none again.
    const put = vi.spyOn(ChunkMirror.prototype, 'put');
    expect(await reader.count()).toBe(40);
    expect(await hitIds(reader, { text: 'switch reset', limit: 5 })).toEqual(
      await hitIds(writer, { text: 'switch reset', limit: 5 }),
    );
    expect(put).not.toHaveBeenCalled();
  });

  it('removes, at rest, the versions that maintenance had to keep for readers', async () => {
    // Versions are kept 3 s: long enough that all six writes are younger when compaction runs,
    // even on a loaded machine (at 400 ms, slow writes let the first versions age out early).
    const writer = await open({
      maintenance: { minCommits: 1e9, keepVersionsMs: 3_000, idleMs: 50 },
    });
    for (let b = 0; b < 6; b++) await writer.upsert(many('hub', 5, b * 5));
    const written = Date.now();
    const until = async (done: (disk: Awaited<ReturnType<typeof onDisk>>) => boolean) => {
      const deadline = Date.now() + 20_000;
      let disk = await onDisk(directory);
      while (!done(disk) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        disk = await onDisk(directory);
      }
      return disk;
    };
    const compacted = await until((disk) => disk.fragments === 1);
    expect(compacted.fragments).toBe(1);
    // All younger than 3 s: kept (unless a stalled machine only looked after the cleanup pass).
    if (Date.now() - written < 3_000) expect(compacted.versions).toBeGreaterThan(6);
    const cleaned = await until((disk) => disk.versions <= 2);
    expect(cleaned.versions).toBeLessThanOrEqual(2); // the cleanup pass once they have aged
    expect(cleaned.rows).toBe(30);
    expect(await writer.count()).toBe(30);
  });

  it('answers reads while maintenance runs; the next write waits for it', async () => {
    // A new table's first upsert makes 3 commits (create, id index, append); the next makes it 4.
    const index = await open({ maintenance: { minCommits: 4, balance: 0, idleMs: 60_000 } });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Maintenance held open until released, to see what waits for it and what does not.
    const maintain = vi.spyOn(ServedTable.prototype, 'maintain').mockImplementation(() => held);
    try {
      await index.upsert(many('fan', 3));
      expect(maintain).not.toHaveBeenCalled();
      await index.upsert(many('fan', 3, 3)); // due: maintenance starts in the background
      expect(maintain).toHaveBeenCalledTimes(1);

      expect((await index.search({ text: 'fan guide', limit: 10 })).length).toBe(6);
      expect(await index.count()).toBe(6);
      let written = false;
      const write = index.upsert(many('fan', 1, 6)).then(() => {
        written = true;
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(written).toBe(false);
      release();
      await write;
      expect(await index.count()).toBe(7);
    } finally {
      release();
    }
  });

  it('writes nothing and lists no whole index when a sync batch re-ingests unchanged documents', async () => {
    const index = await open();
    const documents: SourceDocument[] = Array.from({ length: 20 }, (_, i) => ({
      id: `doc-${i}.md`,
      title: `Doc ${i}`,
      format: 'markdown',
      source: 'help',
      text: `# Doc ${i}\n\n## Setup\n\nStep ${i} of the setup.\n\n## Reset\n\nHold button ${i}.`,
    }));
    await ingestDocuments({ documents, index });
    const stamp = join(directory, 'chunks.commit-stamp');
    const before = { disk: await onDisk(directory), stamp: (await stat(stamp)).mtimeMs };
    const listings: Array<{ docId?: string; source?: string } | undefined> = [];
    const writes: string[] = [];
    const watched: KnowledgeIndex = {
      kind: 'watched',
      upsert: (chunks) => {
        writes.push('upsert');
        return index.upsert(chunks);
      },
      deleteDocuments: (ids) => {
        writes.push('deleteDocuments');
        return index.deleteDocuments(ids);
      },
      deleteChunks: (ids) => {
        writes.push('deleteChunks');
        return index.deleteChunks(ids);
      },
      search: (query) => index.search(query),
      listChunks: (filter) => {
        listings.push(filter);
        return index.listChunks(filter);
      },
      getDocumentChunks: (docId) => index.getDocumentChunks(docId),
      count: () => index.count(),
      close: () => index.close(),
    };

    const report = await ingestDocuments({ documents, index: watched });

    expect(report).toMatchObject({ documents: 20, added: 0, unchanged: 40 });
    expect(writes).toEqual([]);
    expect(listings).toHaveLength(20);
    expect(listings.every((filter) => filter?.docId !== undefined)).toBe(true);
    expect(await onDisk(directory)).toEqual(before.disk);
    expect((await stat(stamp)).mtimeMs).toBe(before.stamp);
  });

  it('with replaceDocuments and documents without a source, still drops the absent ones', async () => {
    const index = await open();
    const doc = (id: string): SourceDocument => ({
      id,
      title: id,
      format: 'text',
      text: `Text of ${id}.`,
    });
    await ingestDocuments({ documents: [doc('a'), doc('b'), doc('c')], index });

    const report = await ingestDocuments({ documents: [doc('a')], index, replaceDocuments: true });

    expect(report.removed).toBe(2);
    expect((await index.listChunks()).map((c) => c.docId)).toEqual(['a']);
  });
});

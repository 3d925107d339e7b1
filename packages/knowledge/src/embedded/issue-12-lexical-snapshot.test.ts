import { copyFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedChunk, Logger } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LexicalIndex } from '../lexical/lexical-index.ts';
import { EmbeddedIndex } from './embedded-index.ts';

const WORDS = 'battery screen camera wifi network reset password account delete photo lock'.split(
  ' ',
);

const chunk = (docId: string, text: string, title = 'Guide'): EmbeddedChunk => ({
  id: `${docId}#1`,
  docId,
  title,
  sectionPath: [],
  text,
  hash: 'h',
  position: 0,
});

/** 60 chunks, each a few of WORDS, so queries match many of them with different scores. */
const CHUNKS = Array.from({ length: 60 }, (_, i) =>
  chunk(
    `d${i}`,
    Array.from({ length: 4 + (i % 9) }, (_, k) => WORDS[(i * 7 + k * k) % WORDS.length]).join(' '),
    `Guide > ${WORDS[i % WORDS.length]}`,
  ),
);
const QUERIES = [
  'battery',
  'reset password',
  'wifi network',
  'delete account photo',
  'lock screen',
];

/** Every query's hits (ids, scores, coverage) — what must not change across a reopen. */
async function answers(index: EmbeddedIndex) {
  const out: unknown[] = [];
  for (const text of QUERIES) {
    out.push(
      (await index.search({ text, limit: 10 })).map((h) => [h.chunk.id, h.score, h.coverage]),
    );
  }
  return out;
}

function recordingLogger() {
  const warnings: Array<{ event: string; fields: Record<string, unknown> }> = [];
  const log: Logger = {
    info() {},
    warn: (event, fields = {}) => warnings.push({ event, fields }),
    error() {},
  };
  return { log, warnings };
}

// Issue 12: "Restart does not rebuild what it can load". The embedded index saves its lexical
// index beside the table and loads it at open, analysing only the chunks it does not hold as stored.
describe('issue 12: the embedded index loads its saved lexical index', () => {
  let directory: string;
  const opened: EmbeddedIndex[] = [];
  const open = async (log?: Logger) => {
    const index = await EmbeddedIndex.open({ directory, ...(log ? { log } : {}) });
    opened.push(index);
    return index;
  };
  const snapshot = () => join(directory, 'chunks.lexical');

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-issue12-snapshot-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const index of opened.splice(0)) await index.close().catch(() => {});
    await rm(directory, { recursive: true, force: true });
  });

  it('saves at close and reopens without analysing a chunk, answering exactly as before', async () => {
    const writer = await open();
    await writer.upsert(CHUNKS);
    const before = await answers(writer);
    await writer.close();
    expect((await stat(snapshot())).size).toBeGreaterThan(0);

    const add = vi.spyOn(LexicalIndex.prototype, 'add');
    const { log, warnings } = recordingLogger();
    const reopened = await open(log);
    expect(add).not.toHaveBeenCalled();
    expect(warnings).toEqual([]);
    expect(await reopened.count()).toBe(CHUNKS.length);
    expect(await answers(reopened)).toEqual(before);
  });

  it('analyses only the chunks that changed since the file was saved, and drops deleted ones', async () => {
    const writer = await open();
    await writer.upsert(CHUNKS);
    await writer.close();
    const stale = join(directory, 'stale.lexical');
    await copyFile(snapshot(), stale);

    // The table moves on (edited, deleted and new chunks), then the old file comes back.
    const editor = await open();
    await editor.upsert([chunk('d3', 'battery battery reset'), chunk('new', 'wifi password')]);
    await editor.deleteChunks(['d5#1', 'd6#1']);
    const expected = await answers(editor);
    await editor.close();
    await copyFile(stale, snapshot());

    const add = vi.spyOn(LexicalIndex.prototype, 'add');
    const reopened = await open();
    expect(add.mock.calls.map(([doc]) => doc.id).sort()).toEqual(['d3#1', 'new#1']);
    expect(await reopened.count()).toBe(CHUNKS.length + 1 - 2);
    expect(await answers(reopened)).toEqual(expected);
    expect(
      (await reopened.search({ text: 'battery', limit: 60 })).map((h) => h.chunk.id),
    ).not.toContain('d5#1');
  });

  it('ignores a corrupt file with a warning, rebuilds, and saves a good one again', async () => {
    const writer = await open();
    await writer.upsert(CHUNKS);
    const expected = await answers(writer);
    await writer.close();
    await writeFile(snapshot(), 'SBLEXIDX garbage that is not an index');

    const add = vi.spyOn(LexicalIndex.prototype, 'add');
    const { log, warnings } = recordingLogger();
    const reopened = await open(log);
    expect(add).toHaveBeenCalledTimes(CHUNKS.length);
    expect(warnings.map((w) => w.event)).toEqual(['index.lexical_snapshot_ignored']);
    expect(await answers(reopened)).toEqual(expected);
    // A reader that wrote nothing leaves the file alone; a write makes the next close save.
    await reopened.close();
    await expect(LexicalIndex.load(snapshot())).rejects.toMatchObject({ code: 'DATA_INVALID' });
    const again = await open();
    await again.upsert([chunk('extra', 'camera')]);
    await again.close();
    expect((await LexicalIndex.load(snapshot())).has('extra#1')).toBe(true);
  });

  it('saves once writes go quiet, and a rebuild takes its table’s file with it', async () => {
    const live = await EmbeddedIndex.open({ directory, maintenance: { idleMs: 20 } });
    opened.push(live);
    await live.upsert(CHUNKS.slice(0, 10));
    await vi.waitFor(async () => expect((await stat(snapshot())).size).toBeGreaterThan(0), {
      timeout: 10_000,
    });

    const next = await live.beginRebuild();
    await next.upsert(CHUNKS.slice(10, 20));
    await live.commitRebuild(next);
    await live.close();
    const files = (await readdir(directory)).filter((f) => f.endsWith('.lexical'));
    expect(files).toEqual(['chunks_v1.lexical']);
    const reopened = await open();
    expect(await reopened.count()).toBe(10);
  });
});

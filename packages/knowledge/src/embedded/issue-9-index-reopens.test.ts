import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk, Logger, SourceDocument } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROPERTY_NAMES, propertyNameText } from '../../../../test/support/property-names.ts';
import { HashingEmbedder } from '../ingest/fixtures/hashing-embedder.ts';
import { ingestDocuments } from '../ingest/ingest-documents.ts';
import { ChunkMirror } from './chunk-mirror.ts';
import { EmbeddedIndex } from './embedded-index.ts';
import type { SkippedChunk } from './skipped-chunks.ts';

/** A logger that keeps what it was told, to check what the index reported. */
function recordingLogger() {
  const warnings: Array<{ event: string; fields: Record<string, unknown> }> = [];
  const log: Logger = {
    info() {},
    warn: (event, fields = {}) => warnings.push({ event, fields }),
    error() {},
  };
  return { log, warnings };
}

const constructorDoc: SourceDocument = {
  id: 'constructor.md',
  title: 'The constructor setting',
  format: 'markdown',
  source: 'help',
  text: `# The constructor setting\n\nThe constructor mode rebuilds the schedule. ${propertyNameText()}.`,
};
const routerDoc: SourceDocument = {
  id: 'router.md',
  title: 'Router',
  format: 'markdown',
  source: 'help',
  text: '# Router\n\n## Reset\n\nHold the reset button for ten seconds.',
};

// Issue 9: a document containing "constructor" was stored, and the next open re-analysed it,
// threw, and the server could not open its index. A stored row that cannot be read or analysed
// must now be skipped and reported, never stop the index from opening.
describe('issue 9: the embedded index reopens whatever its rows hold', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-issue9-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('indexes, finds and reopens a document made of property names', async () => {
    const embedder = new HashingEmbedder();
    const first = await EmbeddedIndex.open({ directory });
    const report = await ingestDocuments({
      documents: [constructorDoc, routerDoc],
      index: first,
      embedder,
    });
    expect(report.failed).toEqual([]);
    expect(report.documents).toBe(2);
    const search = async (index: EmbeddedIndex, text: string) =>
      index.search({ text, vector: await embedder.embedQuery(text), limit: 3 });
    expect((await search(first, 'constructor'))[0]?.chunk.docId).toBe('constructor.md');
    const count = await first.count();
    await first.close();

    const { log, warnings } = recordingLogger();
    const reopened = await EmbeddedIndex.open({ directory, log });
    try {
      expect(await reopened.count()).toBe(count);
      expect(warnings).toEqual([]);
      for (const word of ['constructor', 'hasOwnProperty', 'prototype', 'valueOf']) {
        expect((await search(reopened, `what is ${word}?`))[0]?.chunk.docId).toBe('constructor.md');
      }
      expect((await search(reopened, 'reset the router'))[0]?.chunk.docId).toBe('router.md');
      const chunks = await reopened.getDocumentChunks('constructor.md');
      expect(chunks.map((c) => c.text).join(' ')).toContain('__proto__');
    } finally {
      await reopened.close();
    }
  });

  it('skips and reports rows it cannot read, and serves the others', async () => {
    const index = await EmbeddedIndex.open({ directory });
    await ingestDocuments({ documents: [routerDoc], index });
    await index.close();

    // Rows no version of Switchboard writes: a section path that is not JSON, one that is not a
    // list of strings, metadata that is not JSON (as a corrupt or foreign writer would leave).
    const lancedb = await import('@lancedb/lancedb');
    const db = await lancedb.connect(directory);
    const [tableName] = await db.tableNames();
    const table = await db.openTable(tableName!);
    const row = (id: string, sectionPath: string, metadata: string | null) => ({
      id,
      docId: `${id}.md`,
      title: 'Broken',
      sectionPath,
      text: 'Broken constructor row.',
      hash: id,
      position: 0,
      url: null,
      source: 'help',
      metadata,
    });
    await table.add([
      row('not-json', 'oops', null),
      row('numbers', '[1, 2]', null),
      row('bad-metadata', '[]', '{nope'),
    ]);
    table.close();
    db.close();

    const { log, warnings } = recordingLogger();
    const reopened = await EmbeddedIndex.open({ directory, log });
    try {
      expect((await reopened.search({ text: 'reset router', limit: 3 }))[0]?.chunk.docId).toBe(
        'router.md',
      );
      expect(await reopened.search({ text: 'broken', limit: 3 })).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ event: 'index.chunks_skipped', fields: { count: 3 } });
      const skipped = warnings[0]!.fields.chunks as SkippedChunk[];
      expect(skipped.map((s) => [s.id, s.stage]).sort()).toEqual([
        ['bad-metadata', 'read'],
        ['not-json', 'read'],
        ['numbers', 'read'],
      ]);
      // The index still takes writes and they survive another reopen.
      await ingestDocuments({ documents: [constructorDoc], index: reopened });
      expect((await reopened.search({ text: 'constructor', limit: 1 }))[0]?.chunk.docId).toBe(
        'constructor.md',
      );
    } finally {
      await reopened.close();
    }
  });

  it('refuses to store a chunk it could not read back', async () => {
    const index = await EmbeddedIndex.open({ directory });
    try {
      const chunk = {
        id: 'x#1',
        docId: 'x',
        title: 'X',
        sectionPath: [7],
        text: 'x',
        hash: 'h',
        position: 0,
      } as unknown as Chunk;
      await expect(index.upsert([chunk])).rejects.toMatchObject({ code: 'DATA_INVALID' });
      expect(await index.count()).toBe(0);
    } finally {
      await index.close();
    }
  });
});

describe('issue 9: the chunk mirror never throws on a chunk it cannot analyse', () => {
  it('keeps the chunk listed, leaves it out of lexical search, and reports it', () => {
    const skipped: SkippedChunk[] = [];
    const good: Chunk = {
      id: 'good#1',
      docId: 'good',
      title: 'Router',
      sectionPath: ['Reset'],
      text: 'Hold the reset button.',
      hash: 'g',
      position: 0,
    };
    const bad = { ...good, id: 'bad#1', docId: 'bad', sectionPath: [42] } as unknown as Chunk;
    const mirror = new ChunkMirror(undefined, [good, bad], (s) => skipped.push(s));
    expect(skipped).toEqual([
      { id: 'bad#1', docId: 'bad', stage: 'analyse', reason: expect.any(String) },
    ]);
    expect(mirror.size).toBe(2);
    expect(mirror.hasDocument('bad')).toBe(true);
    expect(mirror.search('reset button', { limit: 5 }).map((h) => h.id)).toEqual(['good#1']);
    // Property-name chunk ids and document ids are ordinary keys.
    for (const name of PROPERTY_NAMES) {
      mirror.put({ ...good, id: name, docId: name, text: `${name} text` });
      expect(mirror.get(name)?.docId).toBe(name);
    }
    mirror.dropDocument('__proto__');
    expect(mirror.has('__proto__')).toBe(false);
    expect(mirror.has('constructor')).toBe(true);
  });
});

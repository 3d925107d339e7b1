import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeIndex } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { describeKnowledgeIndexConformance } from '../../../../test/conformance/knowledge-index.ts';
import { EmbeddedIndex } from './embedded-index.ts';

/** A fresh index in its own temp dir; cleanup closes whichever index is open and removes the dir. */
async function embeddedFixture() {
  const directory = await mkdtemp(join(tmpdir(), 'sb-embedded-'));
  let index: KnowledgeIndex = await EmbeddedIndex.open({ directory });
  return {
    directory,
    index,
    reopen: async () => {
      await index.close();
      index = await EmbeddedIndex.open({ directory });
      return index;
    },
    cleanup: async () => {
      try {
        await index.close();
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}

describeKnowledgeIndexConformance('embedded (LanceDB)', embeddedFixture);
describeKnowledgeIndexConformance('embedded (LanceDB)', embeddedFixture, { dense: true });

const chunk = (id: string, text: string, vector?: number[]) => ({
  id,
  docId: id.split('#')[0] ?? id,
  title: 'T',
  sectionPath: [],
  text,
  hash: 'h',
  position: 0,
  ...(vector ? { vector } : {}),
});

describe('EmbeddedIndex', () => {
  it('sees writes made through another connection to the same directory', async () => {
    const fixture = await embeddedFixture();
    const writer = await EmbeddedIndex.open({ directory: fixture.directory });
    try {
      await fixture.index.count(); // the reader has loaded the (empty) table state
      await writer.upsert([chunk('a#1', 'modem lights blink orange')]);

      expect(
        (await fixture.index.search({ text: 'modem orange', limit: 5 })).map((h) => h.chunk.id),
      ).toEqual(['a#1']);
      await writer.deleteDocuments(['a']);
      expect(await fixture.index.count()).toBe(0);
    } finally {
      await writer.close();
      await fixture.cleanup();
    }
  });

  it('adds vectors to a table created lexical-only, and keeps the dimension after reopening', async () => {
    const fixture = await embeddedFixture();
    try {
      await fixture.index.upsert([chunk('a#1', 'plain words only')]);
      await fixture.index.upsert([
        chunk('b#1', 'vector words', [0, 1]),
        chunk('c#1', 'other', [1, 0]),
      ]);

      const hits = await fixture.index.search({
        text: 'nothing shared',
        vector: [0.1, 1],
        limit: 5,
      });
      expect(hits.map((h) => h.chunk.id)).toEqual(['b#1', 'c#1']); // a#1 has no vector

      fixture.index = await fixture.reopen();
      await expect(fixture.index.upsert([chunk('d#1', 'x', [1, 0, 0])])).rejects.toMatchObject({
        code: 'DATA_INVALID',
      });
      await expect(
        fixture.index.search({ text: 'x', vector: [1, 0, 0], limit: 5 }),
      ).rejects.toMatchObject({
        code: 'DATA_INVALID',
      });
    } finally {
      await fixture.cleanup();
    }
  });

  it('rejects bad limits and refuses work once closed', async () => {
    const fixture = await embeddedFixture();
    try {
      await expect(fixture.index.search({ text: 'x', limit: -1 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      expect(await fixture.index.search({ text: 'x', limit: 0 })).toEqual([]);
      await fixture.index.close();
      await fixture.index.close();
      await expect(fixture.index.count()).rejects.toMatchObject({ code: 'INDEX_UNAVAILABLE' });
    } finally {
      await fixture.cleanup();
    }
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceDocument } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../../test/support/property-names.ts';
import { EmbeddedIndex } from '../embedded/embedded-index.ts';
import { loadDirectory } from '../loaders/load-directory.ts';
import { loadJsonlCorpus } from '../loaders/load-jsonl-corpus.ts';
import { ingestDocuments } from './ingest-documents.ts';

// Issue 9: a bad document is skipped and reported by the loader or the ingest, never indexed in
// a form that stops the index from opening; words and keys named like properties are data.
describe('issue 9: bad documents are skipped and reported', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sb-issue9-docs-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads a help folder with a broken encoding and a "constructor" page, and reopens its index', async () => {
    const docs = join(directory, 'docs');
    await mkdir(docs);
    await writeFile(
      join(docs, 'constructor.md'),
      '# Constructor\n\nThe constructor mode rebuilds.',
    );
    await writeFile(join(docs, 'router.md'), '# Router\n\nHold the reset button.');
    await writeFile(join(docs, 'broken.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xc3, 0x28]));

    const loaded = await loadDirectory(docs, { source: 'help' });
    expect(loaded.problems).toEqual([{ path: 'broken.md', reason: 'not valid UTF-8' }]);
    expect(loaded.documents.map((d) => d.id).sort()).toEqual(['constructor.md', 'router.md']);

    const indexDir = join(directory, 'index');
    const index = await EmbeddedIndex.open({ directory: indexDir });
    const report = await ingestDocuments({ documents: loaded.documents, index });
    expect(report).toMatchObject({ documents: 2, failed: [] });
    await index.close();

    const reopened = await EmbeddedIndex.open({ directory: indexDir });
    try {
      const [hit] = await reopened.search({ text: 'constructor', limit: 1 });
      expect(hit?.chunk.docId).toBe('constructor.md');
    } finally {
      await reopened.close();
    }
  });

  it('reports corpus lines whose fields have the wrong type, and keeps property-named metadata', async () => {
    const path = join(directory, 'corpus.jsonl');
    const metadata = Object.fromEntries(PROPERTY_NAMES.map((name, i) => [name, `m${i}`]));
    const lines = [
      JSON.stringify({ id: 'good', text: 'Hold the reset button.' }),
      JSON.stringify({ id: 'number-text', text: 42 }),
      JSON.stringify({ id: { constructor: 1 }, text: 'object id' }),
      JSON.stringify({ id: 'array-text', text: ['constructor'] }),
      // Object.fromEntries makes "__proto__" an own key, and JSON.stringify writes it out.
      JSON.stringify({
        id: 'constructor',
        title: 'toString',
        text: 'constructor valueOf',
        metadata,
      }),
    ];
    await writeFile(path, `${lines.join('\n')}\n`);
    const loaded = await loadJsonlCorpus(path);
    expect(loaded.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'empty text'],
      [3, 'missing id'],
      [4, 'empty text'],
    ]);
    expect(loaded.documents.map((d) => d.id)).toEqual(['good', 'constructor']);
    const kept = loaded.documents[1]!.metadata!;
    for (const [i, name] of PROPERTY_NAMES.entries()) {
      expect(Object.hasOwn(kept, name)).toBe(true);
      expect(kept[name]).toBe(`m${i}`);
    }
  });

  it('skips a document whose chunking throws, indexes the rest, and the index reopens', async () => {
    const bad = { id: 'bad', title: 'Bad', format: 'html', text: { not: 'text' } };
    const documents = [
      { id: 'constructor', title: '__proto__', format: 'text', text: 'constructor toString' },
      bad as unknown as SourceDocument,
      { id: 'router', title: 'Router', format: 'text', text: 'Hold the reset button.' },
    ] satisfies SourceDocument[];
    const index = await EmbeddedIndex.open({ directory });
    const report = await ingestDocuments({ documents, index });
    expect(report.documents).toBe(2);
    expect(report.failed).toEqual([
      { docId: 'bad', reason: expect.stringMatching(/^chunking failed/) },
    ]);
    await index.close();

    const reopened = await EmbeddedIndex.open({ directory });
    try {
      expect((await reopened.listChunks()).map((c) => c.docId).sort()).toEqual([
        'constructor',
        'router',
      ]);
      const [hit] = await reopened.search({ text: 'tostring', limit: 1 });
      expect(hit?.chunk.docId).toBe('constructor');
    } finally {
      await reopened.close();
    }
  });
});

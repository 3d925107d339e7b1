import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document } from '@langchain/core/documents';
import { EmbeddedIndex } from '@switchboard/knowledge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CountingEmbedder } from './counting-embedder.ts';
import { KnowledgeIndexVectorStore } from './knowledge-index-vector-store.ts';

describe('KnowledgeIndexVectorStore', () => {
  let directory: string;
  let index: EmbeddedIndex;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lc-store-'));
    index = await EmbeddedIndex.open({ directory });
  });
  afterEach(async () => {
    await index.close();
    await rm(directory, { recursive: true, force: true });
  });

  const doc = (text: string, source: string) =>
    new Document({
      pageContent: text,
      metadata: { source, title: 'Router', sectionPath: ['Reset'] },
    });

  it('stores documents under the ids it is given, embeds title trail + text, and deletes by id', async () => {
    const embedder = new CountingEmbedder();
    const store = new KnowledgeIndexVectorStore({ index, embeddings: embedder });
    await store.addDocuments([doc('Hold the button', 'd1'), doc('Pay the invoice', 'd2')], {
      ids: ['u1', 'u2'],
    });
    expect(embedder.texts).toBe(2);
    expect(await index.listChunks()).toEqual([
      { id: 'u1', docId: 'd1', hash: 'u1' },
      { id: 'u2', docId: 'd2', hash: 'u2' },
    ]);
    const [best] = await store.similaritySearch('hold button', 1);
    expect(best?.pageContent).toBe('Hold the button');
    await store.delete({ ids: ['u1'] });
    expect(await index.count()).toBe(1);
  });

  it('refuses documents without ids or metadata', async () => {
    const store = new KnowledgeIndexVectorStore({ index, embeddings: new CountingEmbedder() });
    await expect(store.addDocuments([doc('x', 'd1')])).rejects.toThrow(/options.ids/);
    await expect(
      store.addDocuments([new Document({ pageContent: 'x', metadata: {} })], { ids: ['u'] }),
    ).rejects.toThrow(/metadata/);
  });
});

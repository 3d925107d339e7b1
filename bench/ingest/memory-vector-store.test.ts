import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { CountingEmbedder } from './counting-embedder.ts';
import { MemoryVectorStore } from './memory-vector-store.ts';

const doc = (text: string) => new Document({ pageContent: text, metadata: { source: 'd1' } });

describe('MemoryVectorStore (port of LangChain’s)', () => {
  it('embeds page content, keeps the ids it is given, finds the nearest and deletes by id', async () => {
    const embedder = new CountingEmbedder();
    const store = new MemoryVectorStore(embedder);
    const ids = await store.addDocuments([doc('hold the reset button'), doc('pay the invoice')], {
      ids: ['u1', 'u2'],
    });
    expect([ids, store.size, embedder.texts]).toEqual([['u1', 'u2'], 2, 2]);
    const [best] = await store.similaritySearchWithScore('reset button', 1);
    expect([best?.[0].id, best?.[0].pageContent]).toEqual(['u1', 'hold the reset button']);
    await store.delete({ ids: ['u1', 'unknown'] });
    expect(store.size).toBe(1);
    expect((await store.similaritySearch('reset button', 5)).map((d) => d.id)).toEqual(['u2']);
  });

  it('overwrites a re-added id and applies a filter', async () => {
    const store = new MemoryVectorStore(new CountingEmbedder());
    await store.addDocuments([doc('old text')], { ids: ['u1'] });
    await store.addDocuments([doc('new text'), doc('other')], { ids: ['u1', 'u2'] });
    expect(store.size).toBe(2);
    const found = await store.similaritySearch('text', 5, (d) => d.id === 'u1');
    expect(found.map((d) => d.pageContent)).toEqual(['new text']);
  });
});

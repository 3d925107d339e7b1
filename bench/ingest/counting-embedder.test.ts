import { describe, expect, it } from 'vitest';
import { CountingEmbedder, hashedBagOfWords } from './counting-embedder.ts';

describe('CountingEmbedder', () => {
  it('counts texts and calls until reset', async () => {
    const embedder = new CountingEmbedder();
    await embedder.embedDocuments(['a b', 'c']);
    await embedder.embedDocuments(['d']);
    await embedder.embedQuery('not counted');
    expect([embedder.texts, embedder.calls]).toEqual([3, 2]);
    embedder.reset();
    expect([embedder.texts, embedder.calls]).toEqual([0, 0]);
  });

  it('is deterministic, unit-length and word-order blind', () => {
    const v = hashedBagOfWords('Reset the router');
    expect(v).toHaveLength(64);
    expect(Math.hypot(...v)).toBeCloseTo(1);
    expect(hashedBagOfWords('router the RESET')).toEqual(v);
    expect(hashedBagOfWords('billing invoice')).not.toEqual(v);
    expect(Math.hypot(...hashedBagOfWords('  '))).toBeCloseTo(1);
  });
});

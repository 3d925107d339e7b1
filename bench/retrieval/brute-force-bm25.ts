import { terms } from '@switchboard/text';

/**
 * The baseline retrieval benchmark compares against: textbook BM25 that scores every document
 * for every query (no inverted index, no pruning), as a naive in-process implementation would.
 */
export class BruteForceBm25 {
  readonly #docs: Array<{ id: string; tf: Map<string, number>; length: number }> = [];
  readonly #df = new Map<string, number>();
  #totalLength = 0;

  add(id: string, text: string): void {
    const tf = new Map<string, number>();
    const tokens = terms(text);
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tf.keys()) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
    this.#docs.push({ id, tf, length: tokens.length });
    this.#totalLength += tokens.length;
  }

  search(query: string, limit: number): Array<{ id: string; score: number }> {
    const k1 = 1.2;
    const b = 0.75;
    const n = this.#docs.length;
    const avg = this.#totalLength / Math.max(1, n);
    const q = terms(query);
    const scored = this.#docs.map((d) => {
      let score = 0;
      for (const t of q) {
        const f = d.tf.get(t);
        if (!f) continue;
        const df = this.#df.get(t) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avg));
      }
      return { id: d.id, score };
    });
    return scored.sort((a, c) => c.score - a.score).slice(0, limit);
  }
}

import type { KnowledgeIndex } from '@switchboard/core';

type Method =
  | 'upsert'
  | 'deleteDocuments'
  | 'deleteChunks'
  | 'search'
  | 'listChunks'
  | 'getDocumentChunks'
  | 'count';

/**
 * Wraps a `KnowledgeIndex` and adds up the wall time and calls of each method, so the
 * benchmark can say where a side's time goes (storage vs. its own bookkeeping).
 */
export class TimedIndex implements KnowledgeIndex {
  readonly kind: string;
  readonly totals = new Map<Method, { ms: number; calls: number }>();

  constructor(private readonly inner: KnowledgeIndex) {
    this.kind = inner.kind;
  }

  upsert(...args: Parameters<KnowledgeIndex['upsert']>) {
    return this.#time('upsert', () => this.inner.upsert(...args));
  }
  deleteDocuments(...args: Parameters<KnowledgeIndex['deleteDocuments']>) {
    return this.#time('deleteDocuments', () => this.inner.deleteDocuments(...args));
  }
  deleteChunks(...args: Parameters<KnowledgeIndex['deleteChunks']>) {
    return this.#time('deleteChunks', () => this.inner.deleteChunks(...args));
  }
  search(...args: Parameters<KnowledgeIndex['search']>) {
    return this.#time('search', () => this.inner.search(...args));
  }
  listChunks(...args: Parameters<KnowledgeIndex['listChunks']>) {
    return this.#time('listChunks', () => this.inner.listChunks(...args));
  }
  getDocumentChunks(...args: Parameters<KnowledgeIndex['getDocumentChunks']>) {
    return this.#time('getDocumentChunks', () => this.inner.getDocumentChunks(...args));
  }
  count() {
    return this.#time('count', () => this.inner.count());
  }
  close() {
    return this.inner.close();
  }

  reset(): void {
    this.totals.clear();
  }

  /** e.g. "listChunks 10000× 812ms, upsert 3× 40ms". */
  summary(): string {
    return [...this.totals]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .map(([method, { ms, calls }]) => `${method} ${calls}× ${ms.toFixed(0)}ms`)
      .join(', ');
  }

  async #time<T>(method: Method, run: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      const total = this.totals.get(method) ?? { ms: 0, calls: 0 };
      total.ms += performance.now() - t0;
      total.calls++;
      this.totals.set(method, total);
    }
  }
}

import type { Chunk } from '@switchboard/core';
import {
  type LexicalHit,
  LexicalIndex,
  type LexicalIndexOptions,
  type LexicalSearchOptions,
} from '../lexical/lexical-index.ts';
import { type ReportSkipped, skipReason } from './skipped-chunks.ts';

/**
 * The in-memory side of the embedded index: every stored chunk (without its vector), chunk ids
 * per document, and the BM25F index over them. Derived from LanceDB, never written back.
 */
export class ChunkMirror {
  readonly #chunks = new Map<string, Chunk>();
  readonly #byDoc = new Map<string, Set<string>>();
  readonly #lexical: LexicalIndex;
  readonly #reportSkipped: ReportSkipped;

  constructor(
    lexicalOptions: LexicalIndexOptions | undefined,
    chunks: Iterable<Chunk> = [],
    reportSkipped: ReportSkipped = () => {},
  ) {
    this.#lexical = new LexicalIndex(lexicalOptions);
    this.#reportSkipped = reportSkipped;
    for (const chunk of chunks) this.put(chunk);
  }

  get size(): number {
    return this.#chunks.size;
  }

  get(id: string): Chunk | undefined {
    return this.#chunks.get(id);
  }

  has(id: string): boolean {
    return this.#chunks.has(id);
  }

  hasDocument(docId: string): boolean {
    return this.#byDoc.has(docId);
  }

  /** Chunks of one document, or of all documents. */
  list(docId?: string): Chunk[] {
    if (docId === undefined) return [...this.#chunks.values()];
    return [...(this.#byDoc.get(docId) ?? [])].map((id) => this.#chunks.get(id)!);
  }

  search(text: string, options: LexicalSearchOptions): LexicalHit[] {
    return this.#lexical.search(text, options);
  }

  /**
   * Adds or replaces a chunk by id. A chunk whose text cannot be analysed is still mirrored (it is
   * listed, deleted and found by dense search like any other) but left out of lexical search and
   * reported; never thrown, since this runs for every stored chunk when the index opens.
   */
  put(chunk: Chunk): void {
    this.drop(chunk.id);
    this.#chunks.set(chunk.id, chunk);
    const ids = this.#byDoc.get(chunk.docId) ?? new Set<string>();
    this.#byDoc.set(chunk.docId, ids);
    ids.add(chunk.id);
    const { id, title, sectionPath, text } = chunk;
    try {
      this.#lexical.add({ id, title, sectionPath, text });
    } catch (error) {
      this.#reportSkipped({ id, docId: chunk.docId, stage: 'analyse', reason: skipReason(error) });
    }
  }

  drop(id: string): void {
    const chunk = this.#chunks.get(id);
    if (!chunk) return;
    this.#chunks.delete(id);
    const ids = this.#byDoc.get(chunk.docId);
    ids?.delete(id);
    if (ids?.size === 0) this.#byDoc.delete(chunk.docId);
    this.#lexical.remove(id);
  }

  dropDocument(docId: string): void {
    for (const id of [...(this.#byDoc.get(docId) ?? [])]) this.drop(id);
  }
}

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
  #chunks = new Map<string, Chunk>();
  #byDoc = new Map<string, Set<string>>();
  #lexical: LexicalIndex;
  /** Set by `adopt` until the next `reconcile`: the lexical index may hold chunks not mirrored. */
  #adopted = false;
  readonly #lexicalOptions: LexicalIndexOptions | undefined;
  readonly #reportSkipped: ReportSkipped;

  constructor(
    lexicalOptions: LexicalIndexOptions | undefined,
    chunks: Iterable<Chunk> = [],
    reportSkipped: ReportSkipped = () => {},
  ) {
    this.#lexicalOptions = lexicalOptions;
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

  /** Moves whenever the lexical index changes (see `LexicalIndex.generation`). */
  get lexicalGeneration(): number {
    return this.#lexical.generation;
  }

  /** Saves the lexical index (see `LexicalIndex.save`); false when it changed meanwhile. */
  saveLexical(file: string): Promise<boolean> {
    return this.#lexical.save(file);
  }

  /**
   * Takes a lexical index loaded from disk for an empty mirror: the next `reconcile` keeps its
   * entry for every chunk it holds unchanged (same fingerprint) instead of analysing it again,
   * re-analyses the others and drops entries of chunks that are gone.
   */
  adopt(lexical: LexicalIndex): void {
    if (this.#chunks.size > 0) throw new Error('adopt: the mirror is not empty');
    this.#lexical = lexical;
    this.#adopted = true;
  }

  /**
   * Adds or replaces a chunk by id. A chunk whose text cannot be analysed is still mirrored (it is
   * listed, deleted and found by dense search like any other) but left out of lexical search and
   * reported; never thrown, since this runs for every stored chunk when the index opens.
   */
  put(chunk: Chunk, reportSkipped: ReportSkipped = this.#reportSkipped): void {
    this.drop(chunk.id);
    this.#hold(chunk);
    const { id, title, sectionPath, text } = chunk;
    try {
      this.#lexical.add({ id, title, sectionPath, text });
    } catch (error) {
      reportSkipped({ id, docId: chunk.docId, stage: 'analyse', reason: skipReason(error) });
    }
  }

  /** Mirrors the chunk (not the lexical index). */
  #hold(chunk: Chunk): void {
    this.#chunks.set(chunk.id, chunk);
    const ids = this.#byDoc.get(chunk.docId) ?? new Set<string>();
    this.#byDoc.set(chunk.docId, ids);
    ids.add(chunk.id);
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

  /**
   * Makes the mirror hold exactly `chunks` (the last of a repeated id wins): chunks equal to the
   * held ones are kept as they are, so only new or changed chunks are analysed again.
   */
  reconcile(chunks: readonly Chunk[], reportSkipped: ReportSkipped = this.#reportSkipped): void {
    const latest = new Map(chunks.map((chunk) => [chunk.id, chunk]));
    for (const id of [...this.#chunks.keys()]) if (!latest.has(id)) this.drop(id);
    for (const chunk of latest.values()) {
      const held = this.#chunks.get(chunk.id);
      if (held !== undefined && sameChunk(held, chunk)) continue;
      if (held === undefined && this.#adopted && this.#lexical.holds(chunk)) this.#hold(chunk);
      else this.put(chunk, reportSkipped);
    }
    if (this.#adopted) {
      for (const id of [...this.#lexical.ids()])
        if (!this.#chunks.has(id)) this.#lexical.remove(id);
      this.#adopted = false;
    }
  }

  /** Empties the mirror (its memory can go). */
  clear(): void {
    this.#chunks = new Map();
    this.#byDoc = new Map();
    this.#lexical = new LexicalIndex(this.#lexicalOptions);
    this.#adopted = false;
  }
}

/** Every stored field equal: the held chunk (and its lexical entry) still stands for the row. */
function sameChunk(a: Chunk, b: Chunk): boolean {
  return (
    a.docId === b.docId &&
    a.title === b.title &&
    a.text === b.text &&
    a.hash === b.hash &&
    a.position === b.position &&
    a.url === b.url &&
    a.source === b.source &&
    a.sectionPath.length === b.sectionPath.length &&
    a.sectionPath.every((part, i) => part === b.sectionPath[i]) &&
    JSON.stringify(a.metadata) === JSON.stringify(b.metadata)
  );
}

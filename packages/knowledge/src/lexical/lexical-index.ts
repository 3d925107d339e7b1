import { SwitchboardError } from '@switchboard/core';
import { accumulateScores, inverseDocumentFrequency, ScoreScratch } from './bm25f-scorer.ts';
import { ChunkSlots, fingerprintOf } from './chunk-slots.ts';
import { analyzeFields } from './document-analysis.ts';
import { documentFields } from './document-fields.ts';
import { KeyDictionary } from './key-dictionary.ts';
import type { LexicalDocument, LexicalHit } from './lexical-document.ts';
import {
  type LexicalIndexOptions,
  type ResolvedLexicalOptions,
  resolveLexicalOptions,
} from './lexical-options.ts';
import { readLexicalSnapshot, writeLexicalSnapshot } from './lexical-snapshot.ts';
import { PostingStore } from './posting-store.ts';
import { MAX_PRUNED_TERMS, searchPruned } from './pruned-search.ts';
import { planQuery } from './query-plan.ts';
import { TopSlots } from './top-k.ts';

export type { LexicalDocument, LexicalHit } from './lexical-document.ts';
export type { LexicalIndexOptions } from './lexical-options.ts';

export interface LexicalSearchOptions {
  /** Maximum number of hits. */
  limit: number;
  /** Keeps only chunks for which this returns true (applied before the limit). */
  filter?: (id: string) => boolean;
  /**
   * Score every matching chunk instead of skipping those that cannot make the list (see
   * pruned-search.ts). Same results either way; kept to check the pruned search against.
   * @defaultValue false
   */
  exhaustive?: boolean;
}

/** Postings of removed chunks are dropped once they are this share of the slots (and ≥ MIN_DEAD). */
const DEAD_SHARE = 0.25;
const MIN_DEAD = 64;

/**
 * In-memory BM25F ranking over chunks, with an inverted index that is updated incrementally.
 * Document frequencies and average field lengths always count the indexed chunks only, so results
 * always equal those of an index freshly built from the same chunks.
 *
 * Score of a chunk d for query q:
 *   prior(d) · (Σ_{t ∈ q} w_t · idf(t) · tf̃ / (k1 + tf̃) + headingBonus(d)),
 *   tf̃ = Σ_f weight_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)
 * where t ranges over the query's words (w = 1) and adjacent word pairs (w = bigramWeight);
 * see README.md in this folder for each part and the evaluation behind the defaults.
 *
 * Storage (see README.md): keys numbered by a `KeyDictionary`, postings in the pages of a
 * `PostingStore`, per-chunk values in `ChunkSlots`; no object per key, posting or chunk. Removing
 * a chunk marks its slot dead (searches skip it, counts exclude it); its postings are dropped in
 * one pass once dead slots are a quarter of all.
 */
export class LexicalIndex {
  private readonly settings: ResolvedLexicalOptions;
  #dictionary = new KeyDictionary();
  #store = new PostingStore();
  #slots = new ChunkSlots();
  /** Reused by every search (see ScoreScratch). */
  private readonly scratch = new ScoreScratch();
  /** Moves on every change (a save in progress gives up when it moved). */
  #generation = 0;

  constructor(options?: LexicalIndexOptions) {
    this.settings = resolveLexicalOptions(options);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Changes so far: equal generations, equal content. */
  get generation(): number {
    return this.#generation;
  }

  /** What the index holds: chunks, removed chunks whose postings are not dropped yet, keys, postings. */
  stats(): { chunks: number; dead: number; keys: number; postings: number } {
    return {
      chunks: this.size,
      dead: this.#slots.dead,
      keys: this.#dictionary.size,
      postings: this.#store.postings,
    };
  }

  has(id: string): boolean {
    return this.#slots.slotOf.has(id);
  }

  /** Ids of the indexed chunks. */
  ids(): IterableIterator<string> {
    return this.#slots.slotOf.keys();
  }

  /**
   * Whether the index holds exactly this chunk: its id, indexed from fields that analyse alike
   * (compared by fingerprint), so it need not be added again. False for a chunk that cannot be
   * analysed.
   */
  holds(doc: LexicalDocument): boolean {
    const slot = this.#slots.slotOf.get(doc.id);
    if (slot === undefined) return false;
    try {
      return this.#slots.sameFingerprint(slot, fingerprintOf(documentFields(doc)));
    } catch {
      return false;
    }
  }

  /**
   * Indexes a chunk, replacing any chunk with the same id. Analysis runs first, so a chunk whose
   * analysis throws leaves the index exactly as it was.
   */
  add(doc: LexicalDocument): void {
    const { fields, terms, proseShare } = analyzeFields(doc);
    const fingerprint = fingerprintOf(fields);
    this.remove(doc.id);
    const slots = this.#slots;
    const slot = slots.occupy(doc.id, { proseShare, fingerprint });
    const dictionary = this.#dictionary;
    const store = this.#store;
    let headingSize = 0;
    for (let f = 0; f < 3; f++) {
      const fieldTerms = terms[f]!;
      let previous = -1;
      for (let i = 0; i < fieldTerms.length; i++) {
        const key = dictionary.termId(fieldTerms[i]!);
        store.ensureKeys(dictionary.size);
        // A new posting in the heading (counted first) is a distinct heading term.
        if (store.count(key, slot, f) && f === 0) headingSize++;
        // Bigrams of adjacent, different terms (as `bigramsOf`).
        if (previous >= 0 && previous !== key) {
          const pair = dictionary.pairId(previous, key);
          store.ensureKeys(dictionary.size);
          store.count(pair, slot, f);
        }
        previous = key;
      }
    }
    slots.measure(slot, [terms[0].length, terms[1].length, terms[2].length], headingSize);
    this.#generation++;
  }

  /** Removes a chunk; false when the id is not indexed. */
  remove(id: string): boolean {
    if (this.#slots.kill(id) === undefined) return false;
    this.#generation++;
    const { dead, capacity } = this.#slots;
    if (dead >= MIN_DEAD && dead >= DEAD_SHARE * capacity) this.compact();
    return true;
  }

  /**
   * Drops the postings of removed chunks and the keys only they had, so their slots can be
   * reused (runs by itself when they are a quarter of the slots; results do not change).
   */
  compact(): void {
    const slots = this.#slots;
    const store = this.#store;
    if (slots.dead === 0) return;
    const keys = store.keys;
    const live = new Int32Array(keys);
    const renumber = new Int32Array(keys);
    let kept = 0;
    for (let key = 0; key < keys; key++) {
      live[key] = store.liveCount(key, slots.alive);
      renumber[key] = live[key]! > 0 ? kept++ : -1;
    }
    store.rebuild({ alive: slots.alive, renumber, live, keys: kept });
    this.#dictionary.renumber(renumber, kept);
    slots.release();
    this.#generation++;
  }

  /** Best chunks for a query, best first; ties rank by id. */
  search(query: string, options: LexicalSearchOptions): LexicalHit[] {
    const { limit, filter, exhaustive = false } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new SwitchboardError('BAD_REQUEST', 'Search limit must be a positive integer', {
        details: { limit },
      });
    }
    const documents = this.size;
    if (documents === 0) return [];
    const plan = planQuery(query, { settings: this.settings, df: (key) => this.#df(key) });
    if (plan.concepts.length === 0) return [];
    const keys = plan.terms.map((term) => this.#dictionary.lookup(term.key));
    const dfs = keys.map((key) => this.#store.liveCount(key, this.#liveMask()));
    const input = {
      plan,
      keys,
      dfs,
      settings: this.settings,
      store: this.#store,
      slots: this.#slots,
      documents,
    };
    try {
      if (exhaustive || plan.terms.length > MAX_PRUNED_TERMS) {
        accumulateScores(input, this.scratch);
        return this.#hits(plan.concepts.length, dfs, this.#rank(limit, filter));
      }
      const best = searchPruned(input, this.scratch, { limit, filter, ids: this.#slots.ids });
      return this.#hits(plan.concepts.length, dfs, best);
    } finally {
      // Also when a filter throws: the next query must start from zeros.
      this.scratch.clear();
    }
  }

  /**
   * Saves the index to `file` (written aside, then renamed over it). Gives up, leaving any
   * previous file, if the index changes while the file is written (between its awaits).
   */
  async save(file: string): Promise<boolean> {
    return writeLexicalSnapshot(file, {
      dictionary: this.#dictionary,
      store: this.#store,
      slots: this.#slots,
      generation: () => this.#generation,
    });
  }

  /**
   * An index read from a file written by `save`. Throws `DATA_INVALID` for a file that is not
   * one (corrupt, truncated, another format or analyser version); callers rebuild instead.
   */
  static async load(file: string, options?: LexicalIndexOptions): Promise<LexicalIndex> {
    const index = new LexicalIndex(options);
    const parts = await readLexicalSnapshot(file);
    index.#dictionary = parts.dictionary;
    index.#store = parts.store;
    index.#slots = parts.slots;
    return index;
  }

  /** The alive mask when some slots are dead (their postings must not count), else undefined. */
  #liveMask(): Uint8Array | undefined {
    return this.#slots.dead > 0 ? this.#slots.alive : undefined;
  }

  #df(key: string): number {
    return this.#store.liveCount(this.#dictionary.lookup(key), this.#liveMask());
  }

  #rank(limit: number, filter: LexicalSearchOptions['filter']): TopSlots {
    const { headingMatchWeight, containerPenalty } = this.settings;
    const { scores, headingHits, headingIdf, touched, touchedCount } = this.scratch;
    const { ids, headingSizes, proseShares } = this.#slots;
    const best = new TopSlots(limit, ids);
    for (let i = 0; i < touchedCount; i++) {
      const slot = touched[i]!;
      const hits = headingHits[slot]!;
      // Heading bonus: idf of the query words in the heading, times the heading's share of them.
      const headingBonus =
        hits > 0 ? (headingMatchWeight * headingIdf[slot]! * hits) / headingSizes[slot]! : 0;
      // Container prior, as computed when chunks were added.
      const prior = 1 - containerPenalty * (1 - proseShares[slot]!);
      const score = (scores[slot]! + headingBonus) * prior;
      // The filter only for a chunk that would make the list (it cannot otherwise).
      if (!best.admits(slot, score)) continue;
      if (filter && !filter(ids[slot]!)) continue;
      best.offer(slot, score);
    }
    return best;
  }

  /** The hits of the ranked slots, with their coverage. */
  #hits(conceptCount: number, dfs: readonly number[], best: TopSlots): LexicalHit[] {
    const { covered } = this.scratch;
    const { ids } = this.#slots;
    // Coverage only for the hits returned; the plan's first terms are its concepts, in order.
    const documents = this.size;
    const conceptIdf = dfs
      .slice(0, conceptCount)
      .map((df) => inverseDocumentFrequency(documents, df));
    const totalIdf = conceptIdf.reduce((sum, idf) => sum + idf, 0);
    return best.sorted().map(({ slot, score }) => {
      const mask = covered[slot]!;
      const coveredIdf = conceptIdf.reduce((sum, idf, i) => (mask & (1 << i) ? sum + idf : sum), 0);
      return { id: ids[slot]!, score, coverage: totalIdf > 0 ? coveredIdf / totalIdf : 0 };
    });
  }
}

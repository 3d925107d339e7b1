import type { ChunkSlots } from './chunk-slots.ts';
import type { ResolvedLexicalOptions } from './lexical-options.ts';
import { PAGE_BITS, PAGE_MASK, type PostingStore } from './posting-store.ts';
import type { QueryPlan } from './query-plan.ts';

/** Robertson–Spärck Jones idf with +1 inside the log, so very common terms never go negative. */
export function inverseDocumentFrequency(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/**
 * The normalised term frequency of one posting: tf̃ = Σ_f weight_f · tf_f /
 * (1 − b_f + b_f · len_f / avglen_f), summed in field order (heading, context, body) so every
 * path that scores a posting gets bit-identical results. Built once per query.
 */
export type PostingFrequency = (
  slot: number,
  heading: number,
  context: number,
  body: number,
) => number;

export function postingFrequency(
  input: Pick<ScoringInput, 'settings' | 'slots' | 'documents'>,
): PostingFrequency {
  const { fields } = input.settings;
  const [w0, w1, w2] = [fields.heading.weight, fields.context.weight, fields.body.weight];
  const [b0, b1, b2] = [fields.heading.b, fields.context.b, fields.body.b];
  const [avg0, avg1, avg2] = input.slots.lengthSums.map((sum) => sum / input.documents) as [
    number,
    number,
    number,
  ];
  const [len0, len1, len2] = input.slots.lengths;
  return (slot, heading, context, body) => {
    const n0 =
      heading === 0 || w0 === 0
        ? 0
        : (w0 * heading) / (avg0 > 0 ? 1 - b0 + (b0 * len0[slot]!) / avg0 : 1);
    const n1 =
      context === 0 || w1 === 0
        ? 0
        : (w1 * context) / (avg1 > 0 ? 1 - b1 + (b1 * len1[slot]!) / avg1 : 1);
    const n2 =
      body === 0 || w2 === 0
        ? 0
        : (w2 * body) / (avg2 > 0 ? 1 - b2 + (b2 * len2[slot]!) / avg2 : 1);
    return n0 + n1 + n2;
  };
}

/** What the scorer reads from the index. */
export interface ScoringInput {
  plan: QueryPlan;
  /** Per plan term: its key id (-1 when unknown) and its live document frequency. */
  keys: readonly number[];
  dfs: readonly number[];
  settings: ResolvedLexicalOptions;
  store: PostingStore;
  slots: ChunkSlots;
  /** Number of indexed chunks. */
  documents: number;
}

/**
 * The per-slot arrays of a query, kept between queries: allocating (and zeroing) index-sized
 * arrays per query cost more than scoring at 100k chunks. `accumulateScores` starts from all
 * zeros and `clear` zeroes only the slots a query touched, so a query costs what its postings
 * cost. Searches are synchronous, so one scratch per index is never shared mid-query.
 */
export class ScoreScratch {
  /** BM25F sum over the plan's terms. */
  scores = new Float64Array(0);
  /** Bit mask of the plan's concepts present in the slot. */
  covered = new Uint32Array(0);
  /** Query concepts found in the slot's heading, and the sum of their idf. */
  headingHits = new Uint8Array(0);
  headingIdf = new Float64Array(0);
  /** 1 for a slot already in `touched` (a match may add 0 when its only field weighs 0). */
  seen = new Uint8Array(0);
  /** Matched slots, in first-match order; only the first `touchedCount` are meaningful. */
  touched = new Int32Array(0);
  touchedCount = 0;
  /** Pruned search (see pruned-search.ts): per plan term, per slot, what the term added. */
  contributions: Float64Array[] = [];
  /** Pruned search: per plan term, 1 for a slot where the term counts as a heading hit. */
  headingFlags: Uint8Array[] = [];
  /** Pruned search: the filter's answer per slot (0 not asked yet). */
  filterAnswers = new Uint8Array(0);
  /** Terms the last query used from `contributions` and `headingFlags`. */
  #termsUsed = 0;
  #heap = new Float64Array(0);

  /** Arrays of at least `capacity` zeroed slots (grown by doubling, contents kept). */
  ensure(capacity: number): void {
    if (this.scores.length >= capacity) return;
    const size = Math.max(capacity, this.scores.length * 2, 64);
    const grow = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(
      old: T,
      fresh: T,
    ): T => {
      fresh.set(old);
      return fresh;
    };
    this.scores = grow(this.scores, new Float64Array(size));
    this.covered = grow(this.covered, new Uint32Array(size));
    this.headingHits = grow(this.headingHits, new Uint8Array(size));
    this.headingIdf = grow(this.headingIdf, new Float64Array(size));
    this.seen = grow(this.seen, new Uint8Array(size));
    this.touched = grow(this.touched, new Int32Array(size));
    this.filterAnswers = grow(this.filterAnswers, new Uint8Array(size));
    for (let t = 0; t < this.contributions.length; t++) {
      this.contributions[t] = grow(this.contributions[t]!, new Float64Array(size));
      this.headingFlags[t] = grow(this.headingFlags[t]!, new Uint8Array(size));
    }
  }

  /** Per-term arrays for `terms` plan terms (call after `ensure`; allocated when first needed). */
  ensureTerms(terms: number): void {
    const size = this.scores.length;
    while (this.contributions.length < terms) {
      this.contributions.push(new Float64Array(size));
      this.headingFlags.push(new Uint8Array(size));
    }
    this.#termsUsed = Math.max(this.#termsUsed, terms);
  }

  /** A reused array of at least `k` numbers. */
  heap(k: number): Float64Array {
    if (this.#heap.length < k) this.#heap = new Float64Array(k);
    return this.#heap;
  }

  /** Zeroes what a query wrote. */
  clear(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const slot = this.touched[i]!;
      this.scores[slot] = 0;
      this.covered[slot] = 0;
      this.headingHits[slot] = 0;
      this.headingIdf[slot] = 0;
      this.seen[slot] = 0;
      this.filterAnswers[slot] = 0;
      for (let t = 0; t < this.#termsUsed; t++) {
        this.contributions[t]![slot] = 0;
        this.headingFlags[t]![slot] = 0;
      }
    }
    this.touchedCount = 0;
    this.#termsUsed = 0;
  }
}

/**
 * Walks the postings of each planned term once (no scan of unmatched chunks, postings of removed
 * chunks skipped) and sums `w · idf · tf̃ / (k1 + tf̃)` per chunk into `scratch`, where
 * tf̃ = Σ_f weight_f · tf_f / (1 − b_f + b_f · len_f / avglen_f). Field lengths are normalised by
 * the current averages, which is what keeps an incrementally maintained index equal to a freshly
 * built one.
 */
export function accumulateScores(input: ScoringInput, scratch: ScoreScratch): void {
  const { plan, keys, dfs, settings, store, slots, documents } = input;
  const { k1 } = settings;
  const frequency = postingFrequency(input);
  const alive = slots.dead > 0 ? slots.alive : undefined;

  scratch.ensure(slots.capacity);
  const { scores, covered, headingHits, headingIdf, seen, touched } = scratch;
  let touchedCount = scratch.touchedCount;
  for (let t = 0; t < plan.terms.length; t++) {
    const key = keys[t]!;
    const df = dfs[t]!;
    if (key < 0 || df === 0) continue;
    const { weight, covers } = plan.terms[t]!;
    const idf = inverseDocumentFrequency(documents, df);
    for (let block = store.head(key); block >= 0; block = store.link(block)) {
      const start = store.start(block);
      const postingSlots = store.slotPages[start >>> PAGE_BITS]!;
      const frequencies = store.frequencyPages[start >>> PAGE_BITS]!;
      const from = start & PAGE_MASK;
      const end = from + store.fillOf(key, block);
      for (let j = from; j < end; j++) {
        const slot = postingSlots[j]!;
        if (alive !== undefined && alive[slot] === 0) continue;
        const heading = frequencies[j * 3]!;
        const tf = frequency(slot, heading, frequencies[j * 3 + 1]!, frequencies[j * 3 + 2]!);
        if (seen[slot] === 0) {
          seen[slot] = 1;
          touched[touchedCount++] = slot;
        }
        scores[slot] = scores[slot]! + (weight * idf * tf) / (k1 + tf);
        covered[slot] = covered[slot]! | covers;
        if (heading > 0 && covers !== 0) {
          headingHits[slot] = headingHits[slot]! + 1;
          headingIdf[slot] = headingIdf[slot]! + idf;
        }
      }
    }
  }
  scratch.touchedCount = touchedCount;
}

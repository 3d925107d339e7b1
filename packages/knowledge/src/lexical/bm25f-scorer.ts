import type { ResolvedLexicalOptions } from './lexical-options.ts';
import type { PostingList } from './posting-list.ts';
import type { QueryPlan } from './query-plan.ts';

/** Robertson–Spärck Jones idf with +1 inside the log, so very common terms never go negative. */
export function inverseDocumentFrequency(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/** What the scorer reads from the index. */
export interface ScoringInput {
  plan: QueryPlan;
  settings: ResolvedLexicalOptions;
  postings: ReadonlyMap<string, PostingList>;
  /** Number of indexed chunks. */
  documents: number;
  /** Highest slot number + 1. */
  capacity: number;
  /** Per field (heading, context, body), per slot: word terms in the field. */
  lengths: readonly (readonly number[])[];
  /** Per field: sum of `lengths` over indexed chunks. */
  lengthSums: readonly number[];
}

/** Per-slot sums of one query, for the slots that matched at least one term. */
export interface Accumulators {
  /** Matched slots, in first-match order. Only these entries of the arrays below are set. */
  touched: number[];
  /** BM25F sum over the plan's terms. */
  scores: Float64Array;
  /** Bit mask of the plan's concepts present in the slot. */
  covered: Uint32Array;
  /** Query concepts found in the slot's heading, and the sum of their idf. */
  headingHits: Uint8Array;
  headingIdf: Float64Array;
}

/**
 * The per-slot arrays of a query, kept between queries: allocating (and zeroing) five
 * index-sized arrays per query cost more than scoring at 100k chunks. `accumulateScores` starts
 * from all zeros and `clear` zeroes only the slots a query touched, so a query costs what its
 * postings cost. Searches are synchronous, so one scratch per index is never shared mid-query.
 */
export class ScoreScratch {
  scores = new Float64Array(0);
  covered = new Uint32Array(0);
  headingHits = new Uint8Array(0);
  headingIdf = new Float64Array(0);
  /** 1 for a slot already in `touched` (a match may add 0 when its only field weighs 0). */
  seen = new Uint8Array(0);

  /** Arrays of at least `capacity` zeroed slots (grown by doubling, contents kept). */
  ensure(capacity: number): void {
    if (this.scores.length >= capacity) return;
    const size = Math.max(capacity, this.scores.length * 2, 64);
    const grow = <T extends Float64Array | Uint32Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.scores = grow(this.scores, new Float64Array(size));
    this.covered = grow(this.covered, new Uint32Array(size));
    this.headingHits = grow(this.headingHits, new Uint8Array(size));
    this.headingIdf = grow(this.headingIdf, new Float64Array(size));
    this.seen = grow(this.seen, new Uint8Array(size));
  }

  /** Zeroes what a query wrote. */
  clear(touched: readonly number[]): void {
    for (const slot of touched) {
      this.scores[slot] = 0;
      this.covered[slot] = 0;
      this.headingHits[slot] = 0;
      this.headingIdf[slot] = 0;
      this.seen[slot] = 0;
    }
  }
}

/**
 * Walks the postings of each planned term once (no scan of unmatched chunks) and sums
 * `w · idf · tf̃ / (k1 + tf̃)` per chunk, where tf̃ = Σ_f weight_f · tf_f / (1 − b_f + b_f · len_f / avglen_f).
 * Field lengths are normalised by the current averages, which is what keeps an incrementally
 * maintained index equal to a freshly built one.
 */
export function accumulateScores(
  input: ScoringInput,
  scratch: ScoreScratch = new ScoreScratch(),
): Accumulators {
  const { plan, settings, postings, documents, capacity, lengths, lengthSums } = input;
  const { k1, fields } = settings;
  const fieldParams = [fields.heading, fields.context, fields.body].map((field, f) => ({
    weight: field.weight,
    b: field.b,
    average: lengthSums[f]! / documents,
    lengths: lengths[f]!,
  }));
  const normalised = (f: number, frequency: number, slot: number): number => {
    const { weight, b, average, lengths: fieldLengths } = fieldParams[f]!;
    if (frequency === 0 || weight === 0) return 0;
    const norm = average > 0 ? 1 - b + (b * fieldLengths[slot]!) / average : 1;
    return (weight * frequency) / norm;
  };

  scratch.ensure(capacity);
  const out: Accumulators = {
    touched: [],
    scores: scratch.scores,
    covered: scratch.covered,
    headingHits: scratch.headingHits,
    headingIdf: scratch.headingIdf,
  };
  const { seen } = scratch;
  for (const term of plan.terms) {
    const list = postings.get(term.key);
    if (!list) continue;
    const idf = inverseDocumentFrequency(documents, list.size);
    const { slots, frequencies } = list;
    for (let j = 0; j < list.size; j++) {
      const slot = slots[j]!;
      const heading = frequencies[j * 3]!;
      const tf =
        normalised(0, heading, slot) +
        normalised(1, frequencies[j * 3 + 1]!, slot) +
        normalised(2, frequencies[j * 3 + 2]!, slot);
      if (seen[slot] === 0) {
        seen[slot] = 1;
        out.touched.push(slot);
      }
      out.scores[slot] = out.scores[slot]! + (term.weight * idf * tf) / (k1 + tf);
      out.covered[slot] = out.covered[slot]! | term.covers;
      if (heading > 0 && term.covers !== 0) {
        out.headingHits[slot] = out.headingHits[slot]! + 1;
        out.headingIdf[slot] = out.headingIdf[slot]! + idf;
      }
    }
  }
  return out;
}

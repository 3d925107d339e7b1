import { SwitchboardError } from '@switchboard/core';
import { accumulateScores, inverseDocumentFrequency, ScoreScratch } from './bm25f-scorer.ts';
import { analyzeDocument } from './document-analysis.ts';
import type { LexicalDocument, LexicalHit } from './lexical-document.ts';
import {
  type LexicalIndexOptions,
  type ResolvedLexicalOptions,
  resolveLexicalOptions,
} from './lexical-options.ts';
import { PostingList } from './posting-list.ts';
import { planQuery } from './query-plan.ts';
import { TopK } from './top-k.ts';

export type { LexicalDocument, LexicalHit } from './lexical-document.ts';
export type { LexicalIndexOptions } from './lexical-options.ts';

export interface LexicalSearchOptions {
  /** Maximum number of hits. */
  limit: number;
  /** Keeps only chunks for which this returns true (applied before the limit). */
  filter?: (id: string) => boolean;
}

/**
 * In-memory BM25F ranking over chunks, with an inverted index that is updated incrementally:
 * adding or removing a chunk touches only that chunk's postings, and document frequencies and
 * average field lengths are kept as running counts, so results always equal those of an index
 * freshly built from the same chunks.
 *
 * Score of a chunk d for query q:
 *   prior(d) · (Σ_{t ∈ q} w_t · idf(t) · tf̃ / (k1 + tf̃) + headingBonus(d)),
 *   tf̃ = Σ_f weight_f · tf_f / (1 − b_f + b_f · len_f / avglen_f)
 * where t ranges over the query's words (w = 1) and adjacent word pairs (w = bigramWeight);
 * see README.md in this folder for each part and the evaluation behind the defaults.
 */
export class LexicalIndex {
  private readonly settings: ResolvedLexicalOptions;
  private readonly postings = new Map<string, PostingList>();
  private readonly slotOf = new Map<string, number>();
  private readonly ids: Array<string | undefined> = [];
  private readonly freeSlots: number[] = [];
  /** Per slot: the keys it was indexed under, for removal. */
  private readonly keysOf: Array<string[] | undefined> = [];
  /** Per field, per slot: number of word terms in the field. */
  private readonly lengths: number[][] = [[], [], []];
  private readonly lengthSums = [0, 0, 0];
  private readonly priors: number[] = [];
  /** Per slot: distinct word terms of the heading field. */
  private readonly headingSizes: number[] = [];
  /** Reused by every search (see ScoreScratch). */
  private readonly scratch = new ScoreScratch();

  constructor(options?: LexicalIndexOptions) {
    this.settings = resolveLexicalOptions(options);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /**
   * Indexes a chunk, replacing any chunk with the same id. Analysis runs first, so a chunk whose
   * analysis throws leaves the index exactly as it was.
   */
  add(doc: LexicalDocument): void {
    const analysis = analyzeDocument(doc);
    this.remove(doc.id);
    const slot = this.freeSlots.pop() ?? this.ids.length;
    analysis.lengths.forEach((length, f) => {
      this.lengths[f]![slot] = length;
      this.lengthSums[f] = this.lengthSums[f]! + length;
    });
    for (const [key, [heading, context, body]] of analysis.frequencies) {
      let list = this.postings.get(key);
      if (!list) {
        list = new PostingList();
        this.postings.set(key, list);
      }
      list.add(slot, heading, context, body);
    }
    this.headingSizes[slot] = analysis.headingSize;
    this.ids[slot] = doc.id;
    this.keysOf[slot] = [...analysis.frequencies.keys()];
    this.priors[slot] = 1 - this.settings.containerPenalty * (1 - analysis.proseShare);
    this.slotOf.set(doc.id, slot);
  }

  /** Removes a chunk; false when the id is not indexed. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    for (const key of this.keysOf[slot] ?? []) {
      const list = this.postings.get(key);
      if (list?.remove(slot) && list.size === 0) this.postings.delete(key);
    }
    for (let f = 0; f < 3; f++) {
      this.lengthSums[f] = this.lengthSums[f]! - (this.lengths[f]![slot] ?? 0);
      this.lengths[f]![slot] = 0;
    }
    this.ids[slot] = undefined;
    this.keysOf[slot] = undefined;
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /** Best chunks for a query, best first; ties rank by id. */
  search(query: string, options: LexicalSearchOptions): LexicalHit[] {
    const { limit, filter } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new SwitchboardError('BAD_REQUEST', 'Search limit must be a positive integer', {
        details: { limit },
      });
    }
    const documents = this.size;
    if (documents === 0) return [];
    const plan = planQuery(query, {
      settings: this.settings,
      df: (key) => this.postings.get(key)?.size ?? 0,
    });
    if (plan.concepts.length === 0) return [];

    const acc = accumulateScores(
      {
        plan,
        settings: this.settings,
        postings: this.postings,
        documents,
        capacity: this.ids.length,
        lengths: this.lengths,
        lengthSums: this.lengthSums,
      },
      this.scratch,
    );
    try {
      return this.rank(plan, acc, documents, limit, filter);
    } finally {
      // Also when a filter throws: the next query must start from zeros.
      this.scratch.clear(acc.touched);
    }
  }

  private rank(
    plan: ReturnType<typeof planQuery>,
    acc: ReturnType<typeof accumulateScores>,
    documents: number,
    limit: number,
    filter: LexicalSearchOptions['filter'],
  ): LexicalHit[] {
    const { headingMatchWeight } = this.settings;
    const best = new TopK<{ id: string; score: number; slot: number }>(limit);
    for (const slot of acc.touched) {
      const id = this.ids[slot]!;
      if (filter && !filter(id)) continue;
      const hits = acc.headingHits[slot]!;
      // Heading bonus: idf of the query words in the heading, times the heading's share of them.
      const headingBonus =
        hits > 0
          ? (headingMatchWeight * acc.headingIdf[slot]! * hits) / this.headingSizes[slot]!
          : 0;
      best.offer({ id, slot, score: (acc.scores[slot]! + headingBonus) * this.priors[slot]! });
    }

    // Coverage only for the hits returned.
    const conceptIdf = plan.concepts.map((term) =>
      inverseDocumentFrequency(documents, this.postings.get(term)?.size ?? 0),
    );
    const totalIdf = conceptIdf.reduce((sum, idf) => sum + idf, 0);
    return best.sorted().map(({ id, score, slot }) => {
      const mask = acc.covered[slot]!;
      const coveredIdf = conceptIdf.reduce((sum, idf, i) => (mask & (1 << i) ? sum + idf : sum), 0);
      return { id, score, coverage: totalIdf > 0 ? coveredIdf / totalIdf : 0 };
    });
  }
}

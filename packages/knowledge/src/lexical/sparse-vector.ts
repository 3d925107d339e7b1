import { analyzeQuery, bigramKey } from './analyzer.ts';
import { analyzeDocument } from './document-analysis.ts';
import type { LexicalDocument } from './lexical-document.ts';
import { type LexicalIndexOptions, resolveLexicalOptions } from './lexical-options.ts';
import { synonymTable } from './support-synonyms.ts';
import { termHash } from './term-hash.ts';

/** A sparse vector as Qdrant takes it: sorted, distinct uint32 indices and their values. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** Options of the sparse encoders: the lexical options plus the corpus's average field lengths. */
export interface SparseVectorOptions
  extends Pick<
    LexicalIndexOptions,
    'k1' | 'fields' | 'bigramWeight' | 'containerPenalty' | 'queryStopwords' | 'synonymWeight'
  > {
  /**
   * Average number of word terms per field over the collection, for length normalisation. A
   * sparse vector is computed one chunk at a time, so these are estimates: set them from your
   * corpus when it differs much from typical help-centre chunks.
   * @defaultValue { heading: 3, context: 4, body: 60 }
   */
  averageLengths?: { heading: number; context: number; body: number };
}

const DEFAULT_AVERAGE_LENGTHS = { heading: 3, context: 4, body: 60 };

/** Sorts by index and merges hash collisions by summing, as Qdrant requires distinct indices. */
function toSparse(entries: Iterable<[string, number]>): SparseVector {
  const byIndex = new Map<number, number>();
  for (const [key, value] of entries) {
    if (value <= 0) continue;
    const index = termHash(key);
    byIndex.set(index, (byIndex.get(index) ?? 0) + value);
  }
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => byIndex.get(index)!) };
}

/**
 * Encodes a chunk for a sparse-vector store that applies IDF itself (Qdrant's `idf` modifier):
 * per term and adjacent-term bigram, the BM25F saturated frequency tf̃ / (k1 + tf̃) with the same
 * field weights and length normalisation as `LexicalIndex`, times the container prior. The dot
 * product with `sparseQueryVector`, weighted by IDF, then reproduces the index's BM25F score
 * except for the heading-match bonus and compound repair, which need the whole vocabulary.
 */
export function sparseDocumentVector(
  doc: LexicalDocument,
  options: SparseVectorOptions = {},
): SparseVector {
  const { k1, fields, containerPenalty } = resolveLexicalOptions(options);
  const averages = options.averageLengths ?? DEFAULT_AVERAGE_LENGTHS;
  const analysis = analyzeDocument(doc);
  const params = [
    { ...fields.heading, average: averages.heading },
    { ...fields.context, average: averages.context },
    { ...fields.body, average: averages.body },
  ];
  const prior = 1 - containerPenalty * (1 - analysis.proseShare);
  const entries: Array<[string, number]> = [];
  for (const [key, frequencies] of analysis.frequencies) {
    let tf = 0;
    frequencies.forEach((frequency, f) => {
      const { weight, b, average } = params[f]!;
      const norm = average > 0 ? 1 - b + (b * analysis.lengths[f]!) / average : 1;
      tf += (weight * frequency) / norm;
    });
    entries.push([key, (prior * tf) / (k1 + tf)]);
  }
  return toSparse(entries);
}

/**
 * Encodes a query: 1 per distinct query term (query-only stopwords dropped) and `bigramWeight`
 * per adjacent pair, in the same index space as `sparseDocumentVector`.
 */
export function sparseQueryVector(query: string, options: SparseVectorOptions = {}): SparseVector {
  const { bigramWeight, queryStopwords, synonymWeight } = resolveLexicalOptions(options);
  const tokens = analyzeQuery(query, queryStopwords);
  const entries = new Map<string, number>();
  // Support synonyms as in the embedded engine's query plan: weaker than the words typed, and
  // never lowering a word the query has itself.
  if (synonymWeight > 0) {
    for (const token of tokens) {
      for (const synonym of synonymTable().get(token.term) ?? []) {
        entries.set(synonym, Math.max(entries.get(synonym) ?? 0, synonymWeight));
      }
    }
  }
  tokens.forEach((token, i) => {
    entries.set(token.term, 1);
    const previous = tokens[i - 1];
    if (bigramWeight > 0 && previous && previous.term !== token.term) {
      entries.set(bigramKey(previous.term, token.term), bigramWeight);
    }
  });
  return toSparse(entries);
}

import { analyzeText, bigramsOf } from './analyzer.ts';
import { documentFields, FIELD_NAMES, proseShare } from './document-fields.ts';
import type { LexicalDocument } from './lexical-document.ts';

/** Per-field frequencies of one key: heading, context, body. */
export type FieldFrequencies = [number, number, number];

/** Everything the index and the sparse encoder need to know about one chunk. */
export interface DocumentAnalysis {
  /** Unigram terms and bigram keys → per-field frequencies. */
  frequencies: Map<string, FieldFrequencies>;
  /** Word terms per field (heading, context, body), for length normalisation. */
  lengths: FieldFrequencies;
  /** Distinct word terms of the heading. */
  headingSize: number;
  /** Share of the body in prose lines, in [0, 1] (see `proseShare`). */
  proseShare: number;
}

/** Analyses each field of a chunk once. */
export function analyzeDocument(doc: LexicalDocument): DocumentAnalysis {
  const fields = documentFields(doc);
  const frequencies = new Map<string, FieldFrequencies>();
  const lengths: FieldFrequencies = [0, 0, 0];
  let headingSize = 0;
  FIELD_NAMES.forEach((name, f) => {
    const terms = analyzeText(fields[name]);
    lengths[f] = terms.length;
    if (name === 'heading') headingSize = new Set(terms).size;
    for (const key of [...terms, ...bigramsOf(terms)]) {
      const tf = frequencies.get(key) ?? [0, 0, 0];
      tf[f] = tf[f]! + 1;
      frequencies.set(key, tf);
    }
  });
  return { frequencies, lengths, headingSize, proseShare: proseShare(fields.body) };
}

import { analyzeText, bigramsOf } from './analyzer.ts';
import { documentFields, FIELD_NAMES, type FieldName, proseShare } from './document-fields.ts';
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

/** A chunk's fields and their analysed terms, in field order (heading, context, body). */
export interface AnalysedFields {
  fields: Record<FieldName, string>;
  terms: [string[], string[], string[]];
  proseShare: number;
}

/**
 * Analyses each field of a chunk once: what both `analyzeDocument` and the index's own counting
 * start from. A key of a field is one of its terms or a bigram of two adjacent, different terms
 * (`bigramsOf`); its frequency in the field is how often it occurs there.
 */
export function analyzeFields(doc: LexicalDocument): AnalysedFields {
  const fields = documentFields(doc);
  return {
    fields,
    terms: [analyzeText(fields.heading), analyzeText(fields.context), analyzeText(fields.body)],
    proseShare: proseShare(fields.body),
  };
}

/** Analyses each field of a chunk once, into key frequencies. */
export function analyzeDocument(doc: LexicalDocument): DocumentAnalysis {
  const { terms: fieldTerms, proseShare: share } = analyzeFields(doc);
  const frequencies = new Map<string, FieldFrequencies>();
  const lengths: FieldFrequencies = [0, 0, 0];
  let headingSize = 0;
  FIELD_NAMES.forEach((name, f) => {
    const terms = fieldTerms[f]!;
    lengths[f] = terms.length;
    if (name === 'heading') headingSize = new Set(terms).size;
    for (const key of [...terms, ...bigramsOf(terms)]) {
      const tf = frequencies.get(key) ?? [0, 0, 0];
      tf[f] = tf[f]! + 1;
      frequencies.set(key, tf);
    }
  });
  return { frequencies, lengths, headingSize, proseShare: share };
}

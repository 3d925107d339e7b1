import { isStopword } from '@switchboard/text';
import { analyzeQuery, bigramKey, type QueryToken, termOf } from './analyzer.ts';
import type { ResolvedLexicalOptions } from './lexical-options.ts';
import { synonymTable } from './support-synonyms.ts';

/** One postings lookup of a query. */
export interface PlannedTerm {
  /** Unigram term or bigram key. */
  key: string;
  /** Multiplier of the term's BM25F contribution (1 for words, `bigramWeight` for bigrams). */
  weight: number;
  /** Bits of the query concepts a match covers (0 for bigrams: they add no new concept). */
  covers: number;
}

export interface QueryPlan {
  terms: PlannedTerm[];
  /** The query's distinct word terms, in order; bit i of `covers` stands for concepts[i]. */
  concepts: string[];
}

/** Document frequency of a unigram term or bigram key in the index (0 when unknown). */
export type DocumentFrequency = (key: string) => number;

const MIN_COMPOUND_PART = 2;

/**
 * Splits an unindexed query word into two words the index holds as an adjacent pair
 * ("wifi" → "wi fi"); the most frequent pair wins. Undefined when no split is indexed.
 */
function splitCompound(token: QueryToken, df: DocumentFrequency): QueryToken[] | undefined {
  const { word } = token;
  let best: { parts: QueryToken[]; df: number } | undefined;
  for (let i = MIN_COMPOUND_PART; i <= word.length - MIN_COMPOUND_PART; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (isStopword(head) || isStopword(tail)) continue;
    const parts = [
      { word: head, term: termOf(head) },
      { word: tail, term: termOf(tail) },
    ];
    const pairDf = df(bigramKey(parts[0]!.term, parts[1]!.term));
    if (pairDf > 0 && (!best || pairDf > best.df)) best = { parts, df: pairDf };
  }
  return best?.parts;
}

/**
 * Turns a query into postings lookups: its distinct word terms (the "concepts" coverage is
 * measured against), support synonyms the index holds (weaker, covering the same concept),
 * compound repairs against the index vocabulary, and bigrams of adjacent query terms.
 */
export function planQuery(
  query: string,
  options: { settings: ResolvedLexicalOptions; df: DocumentFrequency },
): QueryPlan {
  const { settings, df } = options;
  let tokens = analyzeQuery(query, settings.queryStopwords);
  if (settings.compounds) {
    tokens = tokens.flatMap((t) => (df(t.term) > 0 ? [t] : (splitCompound(t, df) ?? [t])));
  }

  const concepts: string[] = [];
  const kept: QueryToken[] = [];
  for (const token of tokens) {
    if (!concepts.includes(token.term)) {
      if (concepts.length === settings.maxQueryTerms) break;
      concepts.push(token.term);
    }
    kept.push(token);
  }
  const bit = (term: string) => 1 << concepts.indexOf(term);

  const terms: PlannedTerm[] = concepts.map((key) => ({ key, weight: 1, covers: bit(key) }));
  const seen = new Set<string>(concepts);
  if (settings.synonymWeight > 0) {
    const synonyms = synonymTable();
    for (const concept of concepts) {
      for (const synonym of synonyms.get(concept) ?? []) {
        if (seen.has(synonym) || df(synonym) === 0) continue;
        seen.add(synonym);
        terms.push({ key: synonym, weight: settings.synonymWeight, covers: bit(concept) });
      }
    }
  }
  for (let i = 1; i < kept.length; i++) {
    const first = kept[i - 1]!;
    const second = kept[i]!;
    if (first.term === second.term) continue;
    if (settings.compounds) {
      // "wi fi" also matches "wifi"; it covers both concepts it joins.
      const joined = termOf(first.word + second.word);
      if (!seen.has(joined) && df(joined) > 0) {
        seen.add(joined);
        terms.push({ key: joined, weight: 1, covers: bit(first.term) | bit(second.term) });
      }
    }
    const pair = bigramKey(first.term, second.term);
    if (settings.bigramWeight > 0 && !seen.has(pair)) {
      seen.add(pair);
      terms.push({ key: pair, weight: settings.bigramWeight, covers: 0 });
    }
  }
  return { terms, concepts };
}

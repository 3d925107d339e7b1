import { isStopword, stem, words } from '@switchboard/text';
import { foldSpelling } from './spelling.ts';

/** One analysed query word: the surface word (for compound handling) and its index term. */
export interface QueryToken {
  word: string;
  term: string;
}

// Memo of termOf: a corpus has far fewer distinct words than tokens, and stemming dominates
// indexing time. Bounded so an adversarial stream of unique tokens cannot grow it forever.
const TERM_CACHE_LIMIT = 100_000;
const termCache = new Map<string, string>();

/** Index term of one lower-case word: spelling-folded, then Porter-stemmed. */
export function termOf(word: string): string {
  let term = termCache.get(word);
  if (term === undefined) {
    term = stem(foldSpelling(word));
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    termCache.set(word, term);
  }
  return term;
}

/**
 * Document-side analyser: the shared `words` tokenizer, shared stopwords removed, spelling
 * folded, stemmed. Adjacent output terms count as adjacent for bigrams, so "turn on GPS" and
 * "turn GPS" share the bigram "turn gps".
 */
export function analyzeText(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (!isStopword(word)) out.push(termOf(word));
  }
  return out;
}

/** Query-side analyser: like `analyzeText`, but also drops the query-only stopwords. */
export function analyzeQuery(query: string, queryStopwords: ReadonlySet<string>): QueryToken[] {
  const out: QueryToken[] = [];
  for (const word of words(query)) {
    if (isStopword(word) || queryStopwords.has(word)) continue;
    out.push({ word, term: termOf(word) });
  }
  return out;
}

/** Key of the bigram "a b" in the postings; unigram terms never contain a space. */
export function bigramKey(first: string, second: string): string {
  return `${first} ${second}`;
}

/** Distinct bigram keys of adjacent terms (pairs of equal terms are skipped as noise). */
export function bigramsOf(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < terms.length; i++) {
    const first = terms[i - 1] as string;
    const second = terms[i] as string;
    if (first !== second) out.push(bigramKey(first, second));
  }
  return out;
}

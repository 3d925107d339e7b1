import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.ts';

/** Lower-cases, folds accents and curly quotes, and splits into word tokens (letters/digits). */
export function words(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase();
  return folded.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Porter-stems one lower-case word, keeping numbers as they are. */
/**
 * Longest word the Porter stemmer is run on. Its suffix rules are regular expressions such as
 * `^(.+?)(ational|…)$`, quadratic in the word's length: a 70,000-letter "word" in a hostile
 * message held the event loop for 24 s. No word in any language the stemmer serves comes close.
 */
const MAX_STEMMED_LENGTH = 40;

export function stem(word: string): string {
  const base = word.endsWith("'s") ? word.slice(0, -2) : word.replace(/'/g, '');
  return /^[0-9]+$/.test(base) || base.length > MAX_STEMMED_LENGTH ? base : stemmer(base);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Content terms: words minus stopwords, stemmed. The shared analyser for lexical search. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!STOPWORDS.has(w)) out.push(stem(w));
  }
  return out;
}

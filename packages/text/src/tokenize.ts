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
export function stem(word: string): string {
  const base = word.endsWith("'s") ? word.slice(0, -2) : word.replace(/'/g, '');
  return /^[0-9]+$/.test(base) ? base : stemmer(base);
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

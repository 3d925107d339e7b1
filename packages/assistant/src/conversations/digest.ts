/**
 * The searchable digest of a conversation: its words lower-cased, accents folded, any script
 * (letters and digits of every language), separated by single spaces. Search is by word prefix,
 * so "pair" finds "pairing" and "Pairing", without a stemmer that only knows English.
 */
export function digestWords(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** `text` as digest words, ready to append to a digest. */
export function digestOf(text: string): string {
  return digestWords(text).join(' ');
}

/**
 * Whether a digest holds every word of the query, each as the start of one of its words
 * (`query` is already split by `digestWords`; an empty query matches everything).
 */
export function digestMatches(digest: string, queryWords: readonly string[]): boolean {
  const padded = ` ${digest} `;
  return queryWords.every((word) => padded.includes(` ${word}`));
}

import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../../test/support/property-names.ts';
import { analyzeQuery, analyzeText, termOf } from './analyzer.ts';
import { LexicalIndex } from './lexical-index.ts';
import { QUERY_STOPWORDS } from './query-stopwords.ts';
import { sparseDocumentVector, sparseQueryVector } from './sparse-vector.ts';
import { foldSpelling } from './spelling.ts';

// Issue 9: `foldSpelling` looked words up in a plain object, so "constructor" found `Object`,
// stemming it threw, and every message or document containing the word broke search.
describe('issue 9: property names in the lexical engine', () => {
  const lowered = [...new Set(PROPERTY_NAMES.map((n) => n.toLowerCase()))];

  it('folds spelling of property names to themselves', () => {
    for (const word of lowered) expect(foldSpelling(word)).toBe(word);
    expect(termOf('constructor')).toBe('constructor');
  });

  it('analyses documents and queries made of property names', () => {
    for (const name of PROPERTY_NAMES) {
      const sentence = `The ${name} setting and the ${name} button`;
      for (const term of analyzeText(sentence)) expect(typeof term).toBe('string');
      for (const token of analyzeQuery(sentence, QUERY_STOPWORDS)) {
        expect(typeof token.term).toBe('string');
      }
      const doc = { id: name, title: name, sectionPath: [name], text: sentence };
      expect(sparseDocumentVector(doc).indices.length).toBeGreaterThan(0);
      expect(sparseQueryVector(sentence).indices.length).toBeGreaterThan(0);
    }
  });

  it('indexes one chunk per property name and finds each by its word', () => {
    const index = new LexicalIndex();
    // Stopwords ("then", "get") are not searchable by design; every other name is.
    const searchable = lowered.filter(
      (w) => /^[a-z]{3,}$/.test(w) && analyzeQuery(w, QUERY_STOPWORDS).length > 0,
    );
    expect(searchable).toContain('constructor');
    for (const word of searchable) {
      index.add({
        id: `doc-${word}`,
        title: `About ${word}`,
        sectionPath: [word],
        text: `Use ${word} when you need ${word}.`,
      });
    }
    expect(index.size).toBe(searchable.length);
    for (const word of searchable) {
      const [top] = index.search(`what is ${word}?`, { limit: 3 });
      expect(top?.id).toBe(`doc-${word}`);
    }
    // Removal and replacement work on those ids too.
    expect(index.remove('doc-constructor')).toBe(true);
    expect(index.search('constructor', { limit: 3 })).toEqual([]);
  });

  it('keeps the index unchanged when a chunk cannot be analysed', () => {
    const index = new LexicalIndex();
    index.add({ id: 'a', title: 'Router', sectionPath: [], text: 'Reset the router.' });
    // A wrongly typed field, as a corrupt row would carry: analysis throws, nothing changes.
    const bad = { id: 'a', title: 'Router', sectionPath: [42], text: 'Other text.' };
    expect(() => index.add(bad as never)).toThrow();
    expect(index.size).toBe(1);
    expect(index.search('reset router', { limit: 1 })[0]?.id).toBe('a');
  });
});

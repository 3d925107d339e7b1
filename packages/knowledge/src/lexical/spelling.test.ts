import { describe, expect, it } from 'vitest';
import { foldSpelling } from './spelling.ts';

describe('foldSpelling', () => {
  it('maps British and American variants to one form', () => {
    for (const [british, american] of [
      ['colour', 'color'],
      ['favourites', 'favorites'],
      ['centre', 'center'],
      ['customise', 'customize'],
      ['organisation', 'organization'],
      ['analysed', 'analyzed'],
      ['optimising', 'optimizing'],
    ] as const) {
      expect(foldSpelling(british)).toBe(foldSpelling(american));
    }
  });

  it('leaves short words and -ise words without variants alone', () => {
    for (const word of ['size', 'prize', 'seize', 'revise', 'television', 'promise', 'four']) {
      expect(foldSpelling(word)).toBe(word);
    }
  });
});

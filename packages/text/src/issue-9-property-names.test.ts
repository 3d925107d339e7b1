import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES, propertyNameText } from '../../../test/support/property-names.ts';
import { parseCsvRecords } from './csv.ts';
import { stem, terms, words } from './tokenize.ts';

// Issue 9: words that are also JavaScript property names ("constructor", "__proto__", …) must be
// ordinary words for the shared analyser, and ordinary column names for the CSV reader.
describe('issue 9: property names in the text analyser', () => {
  it('tokenises and stems every property name into plain strings', () => {
    for (const name of PROPERTY_NAMES) {
      const tokens = words(name);
      for (const token of tokens) {
        expect(typeof token).toBe('string');
        expect(typeof stem(token)).toBe('string');
      }
      for (const term of terms(`How do I ${name} it?`)) expect(typeof term).toBe('string');
    }
    expect(words('constructor __proto__ hasOwnProperty')).toEqual([
      'constructor',
      'proto',
      'hasownproperty',
    ]);
    expect(terms(propertyNameText())).toContain('constructor');
  });

  it('reads CSV columns named like properties as data, and a missing column as undefined', () => {
    const header = ['text', ...PROPERTY_NAMES.filter((n) => !n.includes(','))];
    const csv = `${header.join(',')}\n${header.map((_, i) => `v${i}`).join(',')}\n`;
    const [record] = parseCsvRecords(csv);
    expect(record).toBeDefined();
    header.forEach((name, i) => {
      expect(Object.hasOwn(record!, name)).toBe(true);
      expect(record![name]).toBe(`v${i}`);
    });
    const [plain] = parseCsvRecords('text,label\nhello,greeting\n');
    for (const name of PROPERTY_NAMES) expect(plain![name]).toBeUndefined();
  });
});

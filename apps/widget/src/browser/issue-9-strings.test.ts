import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../../test/support/property-names.ts';
import { DEFAULT_STRINGS, fill, mergeStrings } from './strings.ts';

// Issue 9: `{constructor}` in a template, or a "toString" key in a host page's string overrides,
// found Object.prototype's members through `in`.
describe('issue 9: widget strings and property names', () => {
  it('leaves {property} placeholders it has no value for as they are', () => {
    for (const name of PROPERTY_NAMES.filter((n) => /^\w+$/.test(n))) {
      expect(fill(`a {${name}} b`, { count: 1 })).toBe(`a {${name}} b`);
    }
    expect(fill('{count} left', { count: 3 })).toBe('3 left');
  });

  it('ignores overrides named like properties', () => {
    const overrides = JSON.parse(
      `{${PROPERTY_NAMES.map((n) => `${JSON.stringify(n)}: "x"`).join(', ')}}`,
    );
    const merged = mergeStrings(overrides);
    expect(Object.keys(merged).sort()).toEqual(Object.keys(DEFAULT_STRINGS).sort());
    expect(String(merged)).toBe('[object Object]');
  });
});

import { describe, expect, it } from 'vitest';
import { documentFields, proseShare } from './document-fields.ts';

describe('documentFields', () => {
  it('takes the last breadcrumb element of the title as the heading', () => {
    const fields = documentFields({
      id: 'a',
      title: 'Settings > Display > Screen timeout',
      sectionPath: [],
      text: 'Body.',
    });
    expect(fields).toEqual({
      heading: 'Screen timeout',
      context: 'Settings\nDisplay',
      body: 'Body.',
    });
  });

  it("reads a web page title's site name as context, the page's own name as heading", () => {
    const fields = (title: string) =>
      documentFields({ id: 'a', title, sectionPath: ['Fees'], text: '' });
    expect(fields('Repayment Plans | Federal Student Aid')).toEqual({
      heading: 'Fees',
      context: 'Federal Student Aid\nRepayment Plans',
      body: '',
    });
    expect(fields('Reset your password – Acme Help Center').context).toBe(
      'Acme Help Center\nReset your password',
    );
    const own = documentFields({ id: 'b', title: 'Plans | Acme', sectionPath: [], text: '' });
    expect(own.heading).toBe('Plans');
  });

  it('prefers the section path and drops a title repeated as the first heading', () => {
    const fields = documentFields({
      id: 'a',
      title: 'Camera',
      sectionPath: ['Camera', 'Settings', 'Camera'],
      text: '',
    });
    expect(fields.heading).toBe('Camera');
    expect(fields.context).toBe('Camera\nSettings');
  });
});

describe('proseShare', () => {
  it('is 0 for a list of titles and 1 for sentences', () => {
    expect(proseShare('Getting started\nGalaxy S10\nAssemble your device')).toBe(0);
    expect(proseShare('Use the Power key to turn your device on.')).toBe(1);
    expect(proseShare('')).toBe(0);
  });

  it('weighs lines by their number of words', () => {
    // 2 title words + 6 prose words.
    expect(proseShare('Status bar\nThe bar shows icons and alerts.')).toBeCloseTo(6 / 8, 12);
  });
});

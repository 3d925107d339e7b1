import { describe, expect, it } from 'vitest';
import { parseBrandProfile } from './brand-profile.ts';
import { readChatJsonl, readInstructionCsv } from './read-sources.ts';
import { estimateCost } from './tokens.ts';
import { validateDataset } from './validate-dataset.ts';

const line = (user: string, assistant: string, intent: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
    intent,
  });

// Issue 9: intents, placeholder names, profile keys and model names come from the operator's
// files; named like JavaScript properties they must be counted and looked up as plain data.
describe('issue 9: property names in brand-voice datasets', () => {
  const data = [
    line('where is my constructor parcel', 'It ships today via {{constructor}}.', 'constructor'),
    line('refund my __proto__ order', 'Refunds take {{__proto__}} days.', '__proto__'),
    line('toString please', 'We can help with {{toString}} today.', 'toString'),
    line('another constructor question', 'Our team answers {{constructor}} soon.', 'constructor'),
  ].join('\n');

  it('counts property-named intents and unknown placeholders from zero', () => {
    const { report, records } = validateDataset([readChatJsonl(data, 'data.jsonl')]);
    expect(records.map((r) => r.intent)).toEqual([
      'constructor',
      '__proto__',
      'toString',
      'constructor',
    ]);
    // Compared as entries: in an object literal `__proto__: 1` would not be a key at all.
    const entries = (counts: Record<string, number>) => Object.entries(counts).sort();
    expect(entries(report.balance.perIntent)).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
      ['toString', 1],
    ]);
    expect(Object.hasOwn(report.balance.perIntent, '__proto__')).toBe(true);
    expect(entries(report.unknownPlaceholders)).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
      ['toString', 1],
    ]);
    expect(report.balance.min).toBe(1);
    expect(report.balance.max).toBe(2);
    // The report is written as JSON: property-named keys survive it.
    const written = JSON.parse(JSON.stringify(report)).balance.perIntent;
    expect(Object.getOwnPropertyDescriptor(written, '__proto__')?.value).toBe(1);
  });

  it('accepts profile facts named like properties as known placeholders', () => {
    const profile = parseBrandProfile(
      JSON.parse('{"Company Name": "Nimbus", "constructor": "C", "__proto__": "P"}'),
    );
    expect(Object.hasOwn(profile.facts, '__proto__')).toBe(true);
    expect(profile.facts.constructor).toBe('C');
    const { report } = validateDataset([readChatJsonl(data, 'data.jsonl')], {
      companyFacts: profile.facts,
    });
    expect(Object.entries(report.unknownPlaceholders)).toEqual([['toString', 1]]);
  });

  it('reads CSV datasets whose intents are property names', () => {
    const csv = 'instruction,intent,response\nhello there,constructor,Hi from us.\n';
    const read = readInstructionCsv(csv, 'data.csv');
    expect(read.records.map((r) => r.intent)).toEqual(['constructor']);
  });

  it('knows no price for a base model named like a property', () => {
    for (const model of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(estimateCost(1000, model).usd).toBeNull();
    }
  });
});

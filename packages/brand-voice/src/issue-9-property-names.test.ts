import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../../test/support/property-names.ts';
import type { BrandExample } from './dataset/types.ts';
import { conversationSlots, OfflineBrandVoice } from './offline-brand-voice.ts';
import { fillPlaceholders } from './placeholders.ts';
import { trainBrandVoice } from './train.ts';

// Issue 9: intent names, words, placeholder names and profile keys come from data; named like
// JavaScript properties ("constructor", "__proto__", "toString"…) they must still be plain data.
const INTENTS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'then'];
// A Map: as an object literal, `__proto__: [...]` would set the prototype instead of a key.
const TOPICS = new Map<string, string[]>([
  ['constructor', ['parcel', 'delivery', 'courier', 'shipment', 'tracking', 'package']],
  ['__proto__', ['refund', 'money', 'reimburse', 'repay', 'chargeback', 'credit']],
  ['toString', ['password', 'login', 'sign', 'credentials', 'locked', 'reset']],
  ['hasOwnProperty', ['invoice', 'receipt', 'bill', 'statement', 'billing', 'charge']],
  ['valueOf', ['address', 'relocate', 'move', 'street', 'postcode', 'location']],
  ['then', ['cancel', 'abort', 'stop', 'undo', 'withdraw', 'terminate']],
]);
const topicsOf = (intent: string): string[] => TOPICS.get(intent) ?? [];

function examples(): BrandExample[] {
  return INTENTS.flatMap((intent, i) =>
    topicsOf(intent).map((topic, j) => ({
      // Each text also carries property names as plain words.
      text: `${topicsOf(intent)[0]} ${topic} ${PROPERTY_NAMES[(i + j) % PROPERTY_NAMES.length]} help`,
      intent,
      response: `Thanks for asking. We answer it with {{${intent}}}.`,
    })),
  );
}

describe('issue 9: property names in the brand voice', () => {
  const artifact = trainBrandVoice(examples(), { now: () => new Date('2026-01-01T00:00:00Z') });

  it('trains on property-named intents and keeps one reply list per intent', () => {
    expect(Object.keys(artifact.responses).sort()).toEqual([...INTENTS].sort());
    for (const intent of INTENTS) {
      expect(Array.isArray(artifact.responses[intent])).toBe(true);
      expect(artifact.responses[intent]).toHaveLength(6);
    }
    expect([...artifact.classifier.labels].sort()).toEqual([...INTENTS].sort());
  });

  it('predicts property-named intents, before and after a JSON round trip of the artifact', () => {
    const reloaded = JSON.parse(JSON.stringify(artifact)) as typeof artifact;
    // A profile read from JSON: "__proto__" and "constructor" are own keys there.
    const profile = JSON.parse('{"__proto__": "P", "constructor": "C", "toString": "T"}');
    for (const model of [
      OfflineBrandVoice.fromArtifact(artifact, profile),
      OfflineBrandVoice.fromArtifact(reloaded, profile),
    ]) {
      for (const intent of INTENTS) {
        const text = `my ${topicsOf(intent)[0]} constructor`;
        const prediction = model.classify(text);
        expect(prediction.label).toBe(intent);
        const reply = model.reply({ text, intent: prediction, history: [] });
        expect(reply.intent).toBe(intent);
        expect(reply.text).toMatch(/^Thanks for asking\./);
        // Profile keys named like properties fill their placeholders; the others are removed.
        const value = Object.hasOwn(profile, intent) ? profile[intent] : undefined;
        if (value) expect(reply.text).toContain(`with ${value}.`);
        else expect(reply.text).toBe('Thanks for asking.');
        expect(reply.text).not.toMatch(/function|\[object|native code|\{\{|\}\}/);
      }
      // Any property name as a message: classified, never thrown.
      for (const name of PROPERTY_NAMES) {
        expect(INTENTS).toContain(model.classify(name).label);
      }
    }
  });

  it('fills property-named placeholders from a property-keyed profile, and words the rest', () => {
    const profile = JSON.parse('{"__proto__": "P", "constructor": "C", "Company Name": "Nimbus"}');
    const filled = fillPlaceholders('A {{__proto__}} B {{constructor}} C {{Company Name}}.', {
      profile,
    });
    expect(filled.text).toBe('A P B C C Nimbus.');
    expect(filled.filled).toEqual(['__proto__', 'constructor', 'Company Name']);
    for (const name of PROPERTY_NAMES) {
      const result = fillPlaceholders(`Hello. Your value is {{${name}}}. Thanks.`, {});
      expect(result.text).not.toMatch(/function|\[object|native code|\{\{|\}\}/);
      expect(result.unresolved).toEqual([name.trim()]);
    }
  });

  it('keeps caller slots named like properties as slots', () => {
    const slots = conversationSlots({
      text: 'hi',
      history: [],
      intent: { label: 'x', confidence: 1, ranked: [] },
      slots: JSON.parse('{"__proto__": "p", "constructor": "c"}'),
    });
    expect(Object.hasOwn(slots, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(slots, '__proto__')?.value).toBe('p');
    expect(slots.constructor).toBe('c');
    expect(slots.toString).toBeUndefined();
  });
});

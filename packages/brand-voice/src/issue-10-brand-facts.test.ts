import { fileURLToPath } from 'node:url';
import type { BrandReplyInput, IntentPrediction } from '@switchboard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrandDataset } from './dataset/load-brand-dataset.ts';
import type { BrandExample } from './dataset/types.ts';
import { OfflineBrandVoice } from './offline-brand-voice.ts';
import { trainBrandVoice } from './train.ts';

/**
 * Issue 10: brand replies state only true facts. The fixture's approved replies were written for
 * other customers: they hold an order number, an invoice number, an amount, a tier, and bracket
 * slots (`[Customer Support Phone Number]`, `[X to Y]`).
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/leaky-support.csv', import.meta.url));
const TRAINING_NUMBERS = ['370795561790', '00108', '1200'];
const profile = {
  'Company Name': 'Nimbus Home',
  'Website Name': 'nimbus.example',
  'Support Phone': '+1 555 0100',
  'Support Email': 'help@nimbus.example',
  'Support Hours': 'Monday to Friday, 8am-8pm ET',
};

let examples: BrandExample[];
let voice: OfflineBrandVoice;
beforeAll(async () => {
  ({ examples } = await loadBrandDataset(FIXTURE));
  voice = OfflineBrandVoice.fromArtifact(
    trainBrandVoice(examples, { companyFacts: profile }),
    profile,
  );
});

const intent = (label: string): IntentPrediction => ({
  label,
  confidence: 1,
  ranked: [{ label, probability: 1 }],
});

function reply(text: string, label: string, history: BrandReplyInput['history'] = []): string {
  return voice.reply({ text, intent: intent(label), history }).text;
}

describe('issue 10: no leaked numbers', () => {
  it("never shows a training reply's order, invoice number or amount to a customer who gave none", () => {
    const asks: Array<[string, string]> = [
      ['where is order?', 'track_order'],
      ['what is the status of my order', 'track_order'],
      ['track purchase please', 'track_order'],
      ['can I see my bill', 'check_invoice'],
      ['check bill', 'check_invoice'],
      ['reimburse me', 'get_refund'],
      ['refund dollars please', 'get_refund'],
    ];
    for (const [text, label] of asks) {
      const out = reply(text, label);
      expect(out, text).not.toMatch(/\d{5,}/);
      for (const number of TRAINING_NUMBERS) expect(out, text).not.toContain(number);
      expect(out, text).not.toMatch(/\$/);
    }
  });

  it('scrubs an artifact trained before replies were scrubbed when it is loaded', () => {
    // An older artifact: every reply it knows for the intent still holds another customer's number.
    const written = [
      ['where is order 370795561790', 'track_order'],
      ['status of order 370795561790', 'track_order'],
      ['i forgot my password', 'reset'],
      ['reset my password', 'reset'],
    ] as const;
    const older = trainBrandVoice(
      written.map(([text, label]) => ({
        text,
        intent: label,
        response:
          label === 'reset' ? 'Use the reset link.' : 'Your order 370795561790 is on its way.',
      })),
    );
    const { repliesScrubbed: _, ...rest } = older;
    const unscrubbed = {
      ...rest,
      responses: {
        ...older.responses,
        track_order: written
          .filter(([, label]) => label === 'track_order')
          .map(([text]) => ({
            instruction: text,
            response: 'Your order 370795561790 is on its way.',
          })),
      },
    };
    const out = OfflineBrandVoice.fromArtifact(unscrubbed, profile).reply({
      text: 'where is my order',
      intent: intent('track_order'),
      history: [],
    }).text;
    expect(out).toContain('on its way');
    expect(out).not.toContain('370795561790');
  });

  it('shows a customer their own order number, invoice number and amount', () => {
    const order = reply('where is order 55501234?', 'track_order');
    expect(order).toContain('Your order 55501234 is on its way.');
    expect(order).not.toContain('370795561790');
    const bill = reply('see my bill #85632', 'check_invoice');
    expect(bill).toContain('your bill with the number 85632');
    expect(bill).not.toContain('00108');
    const refund = reply('reimburse $40', 'get_refund');
    expect(refund).toContain('a refund of $40.');
    expect(refund).not.toContain('1200');
  });

  it('fills the order number the customer gave earlier in the conversation', () => {
    const history = [
      { role: 'user' as const, text: 'hi, my order is 55501234' },
      { role: 'assistant' as const, text: 'Hello! How can we help?' },
    ];
    const out = reply('where is order 55501234? status please', 'track_order', history);
    expect(out).toContain('55501234');
    expect(reply('track purchase please', 'track_order', history)).not.toContain('370795561790');
  });
});

describe('issue 10: no brackets or placeholders reach the customer (offline)', () => {
  it('fills bracket slots from the profile and drops the ones nothing can fill', () => {
    const numbered = reply('where is order 55501234?', 'track_order');
    expect(numbered).toContain('call +1 555 0100 during Monday to Friday, 8am-8pm ET');
    const general = reply('where is my parcel', 'track_order');
    expect(general).toContain('write to help@nimbus.example');
    // "[X to Y] days" has no value and no neutral wording: its sentence goes.
    expect(general).not.toMatch(/Deliveries take/);
  });

  it('holds for every training request and for new ones, whatever the intent', () => {
    const texts = [
      ...examples.map((e) => e.text),
      'where is order 55501234?',
      'what about my refund of $40',
      'switch to the diamond account',
      'bill #85632 please',
    ];
    for (const text of texts) {
      const out = voice.reply({ text, intent: voice.classify(text), history: [] }).text;
      expect(out, text).not.toMatch(/[[\]{}]/);
      expect(out.trim(), text).not.toBe('');
    }
  });
});

describe('issue 10: a tier the customer did not mention is not asserted', () => {
  it('answers a question about another tier with the general reply', () => {
    for (const text of [
      'I want to switch to the diamond account',
      'how do I switch to the premium plan',
      'change my account please',
    ]) {
      const out = reply(text, 'switch_account');
      expect(out, text).not.toMatch(/platinum|gold/i);
      expect(out, text).toContain('Change plan');
    }
  });

  it('still uses the specific reply for the tier the customer named', () => {
    expect(reply('please upgrade my account to platinum', 'switch_account')).toMatch(
      /platinum account/,
    );
    expect(reply('move me to the gold account', 'switch_account')).toMatch(/gold account/);
  });
});

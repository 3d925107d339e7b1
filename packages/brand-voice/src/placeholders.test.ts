import { seededRandom } from '@switchboard/text';
import { describe, expect, it } from 'vitest';
import { extractSlots } from './extract-slots.ts';
import { fillPlaceholders } from './placeholders.ts';

const profile = {
  'Website Name': 'Nimbus Home',
  customer_support_phone_number: '+1 555 0100',
  'Support Email': 'help@nimbus.example',
};

describe('fillPlaceholders', () => {
  it('fills case-, space- and underscore-insensitively; slots win over the profile', () => {
    const out = fillPlaceholders(
      'Log in to {{ website name }} or call {{Customer Support Phone Number}} about {{Order Number}}.',
      {
        profile: { ...profile, 'Order Number': 'from-profile' },
        slots: { 'order number': '12345' },
      },
    );
    expect(out.text).toBe('Log in to Nimbus Home or call +1 555 0100 about 12345.');
    expect(out.filled).toEqual(['website name', 'Customer Support Phone Number', 'Order Number']);
    expect(out.unresolved).toEqual([]);
  });

  it('fills synonyms across naming schemes (Bitext names from sample-data profile keys)', () => {
    const out = fillPlaceholders(
      'Call {{Customer Service Phone Number}} or write to {{Customer Support Email}}.',
      {
        profile: { 'Support Phone': '+1 555 0100', 'Support Email': 'help@nimbus.example' },
      },
    );
    expect(out.text).toBe('Call +1 555 0100 or write to help@nimbus.example.');
  });

  it('uses neutral wording for common unresolved names and keeps interface labels', () => {
    const out = fillPlaceholders(
      'Cancel order {{Order Number}} on {{Website Name}}.\n2. Open the {{Order Details}} section and press {{Cancel Order}}.',
    );
    expect(out.text).toBe(
      'Cancel your order on our website.\n2. Open the Order Details section and press Cancel Order.',
    );
    expect(out.filled).toEqual([]);
    expect(out.unresolved).toEqual([
      'Order Number',
      'Website Name',
      'Order Details',
      'Cancel Order',
    ]);
  });

  it('removes the sentence or clause of a name it cannot phrase', () => {
    expect(
      fillPlaceholders('Your refund of {{Refund Amount}} is approved. It arrives soon.').text,
    ).toBe('It arrives soon.');
    expect(fillPlaceholders("Don't worry, {{Name Field Anonymized}}, we can fix this.").text).toBe(
      "Don't worry, we can fix this.",
    );
    expect(
      fillPlaceholders(
        'Here is what we know:\n- Date of purchase: {{Purchase Date Anonymized}}\n- Status: shipped',
      ).text,
    ).toBe('Here is what we know:\n- Status: shipped');
  });

  it('avoids doubled determiners and renumbers a list after removing an item', () => {
    expect(fillPlaceholders('Log in on our {{Website Name}}.').text).toBe('Log in on our website.');
    expect(fillPlaceholders('The status of order #{{Order Number}} is shown.').text).toBe(
      'The status of your order is shown.',
    );
    expect(
      fillPlaceholders('1. Open the app.\n2. Enter {{Refund Amount}} in the box.\n3. Press Send.')
        .text,
    ).toBe('1. Open the app.\n2. Press Send.');
  });

  it('strips stray and nested braces', () => {
    expect(
      fillPlaceholders('Order {{ {{Order Number}} }} ok.', { slots: { 'Order Number': '7' } }).text,
    ).toBe('Order  7  ok.');
    expect(fillPlaceholders('Broken {{Order Number} and }} and {{{{.').text).not.toMatch(
      /\{\{|\}\}/,
    );
    expect(fillPlaceholders('x', { slots: { 'Order Number': '{{evil}}' } }).text).toBe('x');
    expect(
      fillPlaceholders('#{{Order Number}}', { slots: { 'Order Number': '{{evil}}}}' } }).text,
    ).toBe('#evil');
  });

  it('never outputs {{ or }} for many random Bitext-like templates', () => {
    const random = seededRandom(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const names = [
      'Order Number',
      ' order  number ',
      'Website Name',
      'Customer Support Phone Number',
      'Live Chat',
      'Order Details',
      'Cancel Order',
      'Refund Amount',
      'Purchase Date Anonymized',
      'Name Field Anonymized',
      'Unknown Thing 42',
      '',
      ' ',
      'Customer_Support_Email',
      'website url',
      'Zzz',
      'Delivery City',
    ];
    const pieces = [
      () => `{{${pick(names)}}}`,
      () => `{{ ${pick(names)} }}`,
      () => `{{${pick(names)}`,
      () => `${pick(names)}}}`,
      () => `{{ {{${pick(names)}}} }}`,
      () => '{',
      () => '}',
      () =>
        pick([
          'Thank you',
          'please log in',
          'the section',
          ', ',
          '. ',
          '\n',
          '\r\n',
          '1. ',
          '- ',
          ' ',
        ]),
    ];
    const values = [{}, { profile }, { profile, slots: { 'Order Number': '#123', Zzz: '}}{{' } }];
    for (let i = 0; i < 1500; i++) {
      const template = Array.from({ length: 2 + Math.floor(random() * 12) }, () =>
        pick(pieces)(),
      ).join('');
      const out = fillPlaceholders(template, pick(values));
      expect(out.text, template).not.toMatch(/\{\{|\}\}/);
    }
  });
});

describe('extractSlots', () => {
  it('pulls order numbers and e-mail addresses from a customer message', () => {
    expect(extractSlots('where is #12345?')).toEqual({ 'Order Number': '12345' });
    expect(extractSlots('I want to cancel order 98765 now')).toEqual({ 'Order Number': '98765' });
    expect(extractSlots('my order number is A1234, mail me at jo.doe+x@mail.example.com')).toEqual({
      'Order Number': 'A1234',
      'Customer Email': 'jo.doe+x@mail.example.com',
    });
    expect(extractSlots('Status of ORD-1234 please')).toEqual({ 'Order Number': 'ORD-1234' });
    expect(extractSlots('my email is 12345@numbers.example')).toEqual({
      'Customer Email': '12345@numbers.example',
    });
    expect(extractSlots('I ordered 2 lamps')).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { isValidIban, passesLuhn, scrubPii } from './pii.ts';

describe('scrubPii', () => {
  it('replaces e-mails, phones, cards, IBANs, account and order numbers, and counts each kind', () => {
    const text = [
      'Mail jane.doe+shop@example.co.uk or j.smith@mail.example.com.',
      'Call me on +44 20 7946 0958 or (555) 123-4567.',
      'My card is 4111 1111 1111 1111, the other one 5500-0000-0000-0004.',
      'IBAN DE89 3704 0044 0532 0130 00, account number 12345678.',
      'Where is order 98765 and the purchase with the reference number 113542617735902?',
    ].join('\n');
    const { text: out, counts } = scrubPii(text);
    expect(counts).toEqual({ email: 2, phone: 2, card: 2, account: 2, order: 2 });
    expect(out).toBe(
      [
        'Mail {{Customer Email}} or {{Customer Email}}.',
        'Call me on {{Customer Phone Number}} or {{Customer Phone Number}}.',
        'My card is {{Card Number}}, the other one {{Card Number}}.',
        'IBAN {{Account Number}}, account number {{Account Number}}.',
        'Where is order {{Order Number}} and the purchase with the reference number {{Order Number}}?',
      ].join('\n'),
    );
  });

  it('leaves card-length numbers that fail the Luhn check, dates and short numbers alone', () => {
    const text = 'Ref 4111 1111 1111 1112 on 2024-05-12, 3 items for 1299 dollars, code 555-0100.';
    expect(scrubPii(text)).toEqual({
      text,
      counts: { email: 0, phone: 0, card: 0, account: 0, order: 0 },
    });
  });

  it("keeps the company's own contacts as their placeholders, uncounted", () => {
    const facts = { 'Support Email': 'help@nimbus.example', 'Support Phone': '+1 555 0100 200' };
    const { text, counts } = scrubPii('Write to help@nimbus.example or call +1 555 0100 200.', {
      companyFacts: facts,
    });
    expect(text).toBe('Write to {{Support Email}} or call {{Support Phone}}.');
    expect(counts.email + counts.phone).toBe(0);
  });

  it('turns a raw value wrapped in braces into the placeholder itself', () => {
    const { text, counts } = scrubPii('your order with the number {{113542617735902}}.');
    expect(text).toBe('your order with the number {{Order Number}}.');
    expect(counts.order).toBe(1);
  });

  it('implements the Luhn and IBAN checks', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
  });
});

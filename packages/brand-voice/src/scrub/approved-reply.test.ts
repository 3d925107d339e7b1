import { describe, expect, it } from 'vitest';
import { scrubApprovedReply } from './approved-reply.ts';

const facts = {
  'Support Phone': '+1 555 0100',
  'Support Email': 'help@nimbus.example',
  'Free Shipping Over': '$50',
};

describe('scrubApprovedReply', () => {
  it('turns references copied from the conversation into placeholders named by their keyword', () => {
    const { text, counts } = scrubApprovedReply(
      [
        'I can help with your bill with the number #00108.',
        'Cancel purchase 00123842 in Orders; the package 370795561790 ships today.',
        'Your tracking code is 1Z9998887776.',
        'Ticket 4455667 is open.',
      ].join('\n'),
    );
    expect(text).toBe(
      [
        'I can help with your bill with the number {{Invoice Number}}.',
        'Cancel purchase {{Order Number}} in Orders; the package {{Order Number}} ships today.',
        'Your tracking code is {{Tracking Number}}.',
        'Ticket {{Reference Number}} is open.',
      ].join('\n'),
    );
    expect(counts.order).toBe(5);
  });

  it("turns amounts into {{Amount}} but keeps the company's own numbers, contacts and amounts", () => {
    const { text } = scrubApprovedReply(
      'A refund of $1200 (or 1,499 dollars) is on its way. Orders over $50 ship free. Call +1 555 0100 or help@nimbus.example.',
      { companyFacts: facts },
    );
    expect(text).toBe(
      'A refund of {{Amount}} (or {{Amount}}) is on its way. Orders over $50 ship free. Call {{Support Phone}} or {{Support Email}}.',
    );
  });

  it('normalises bracket slots and leaves dates, short numbers and placeholder names alone', () => {
    const input =
      'Call [Customer Support Phone Number] on [{{Website Name}}] by 2024-05-12: 3 steps, 30 days, {{Order Number}}.';
    expect(scrubApprovedReply(input).text).toBe(
      'Call {{Customer Support Phone Number}} on {{Website Name}} by 2024-05-12: 3 steps, 30 days, {{Order Number}}.',
    );
  });

  it('is idempotent', () => {
    const once = scrubApprovedReply('Order 370795561790, bill #85632, $12 and [Live Chat].').text;
    expect(scrubApprovedReply(once).text).toBe(once);
  });
});

import type { BrandEvalMetrics } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { gateDecision } from './gate.ts';
import { isRefusal } from './refusal.ts';

const metrics = (overrides: Partial<BrandEvalMetrics> = {}): BrandEvalMetrics => ({
  n: 20,
  intentAccuracy: 0.9,
  rougeL: 0.6,
  placeholderLeakage: 0,
  refusalRate: 0.05,
  ...overrides,
});

describe('gateDecision', () => {
  it('promotes a candidate at least as good on every measure', () => {
    expect(gateDecision(metrics(), metrics())).toEqual({ promote: true, reasons: [] });
    expect(gateDecision(metrics({ rougeL: 0.7 }), metrics()).promote).toBe(true);
  });

  it('refuses with one reason per worse measure', () => {
    const decision = gateDecision(
      metrics({ intentAccuracy: 0.8, rougeL: 0.5, refusalRate: 0.1 }),
      metrics(),
    );
    expect(decision.promote).toBe(false);
    expect(decision.reasons).toHaveLength(3);
    expect(decision.reasons.join(' ')).toMatch(/intent accuracy.*ROUGE-L.*refusal rate/);
  });

  it('never promotes a candidate that leaks placeholders, even without an active version', () => {
    const decision = gateDecision(metrics({ placeholderLeakage: 0.05 }), null);
    expect(decision.promote).toBe(false);
    expect(decision.reasons[0]).toMatch(/placeholder leakage is 5\.0%/);
  });

  it('promotes the first clean candidate when nothing is active', () => {
    expect(gateDecision(metrics({ intentAccuracy: 0.1, rougeL: 0.1 }), null).promote).toBe(true);
  });
});

describe('isRefusal', () => {
  it.each([
    "I'm sorry, but I can't help with that.",
    'We are unable to assist with this request.',
    'As an AI language model, I have no access to orders.',
    'Please contact support.',
    "I don't know.",
  ])('flags %j', (reply) => expect(isRefusal(reply)).toBe(true));

  it.each([
    "Our team can't see passwords, but you can reset yours: tap Forgot password and follow the link.",
    'To return an item, open Orders, choose the item and select Return. If anything goes wrong, contact support and quote your order number, and we will sort it out the same day.',
  ])('does not flag the answer %j', (reply) => expect(isRefusal(reply)).toBe(false));
});

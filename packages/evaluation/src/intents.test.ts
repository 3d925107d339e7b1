import { describe, expect, it } from 'vitest';
import {
  applyRejection,
  evaluateIntents,
  fitRejectionThreshold,
  OOS_LABEL,
  scoreIntentPredictions,
} from './intents.ts';

const UTTERANCES: Record<string, string[]> = {
  check_balance: [
    'what is my balance',
    'how much money do i have',
    'show my account balance',
    'balance please',
    'tell me my current balance',
    'how much is in my account',
    'check my balance',
    'what is left in my account',
    'account balance now',
    'remaining balance on my account',
  ],
  transfer_money: [
    'send money to my friend',
    'transfer 50 dollars to john',
    'make a transfer',
    'move money to savings',
    'wire money to my sister',
    'i want to transfer funds',
    'pay my friend back',
    'send cash to another account',
    'transfer money between accounts',
    'how do i send money',
  ],
  lost_card: [
    'i lost my card',
    'my card was stolen',
    'cannot find my debit card',
    'block my lost card',
    'someone stole my credit card',
    'card missing',
    'i misplaced my card',
    'report a stolen card',
    'freeze my card it is gone',
    'lost wallet with my card',
  ],
};
const train = Object.entries(UTTERANCES).flatMap(([label, texts]) =>
  texts.map((text) => ({ text, label })),
);
const oos = [
  'what is the weather in paris',
  'tell me a joke',
  'who won the football game',
  'recipe for pancakes',
];

describe('scoreIntentPredictions', () => {
  it('scores a perfect and a deliberately wrong prediction set', () => {
    const gold = ['a', 'b', 'c', 'a'];
    expect(scoreIntentPredictions(gold, gold)).toEqual({ accuracy: 1, macro_f1: 1 });
    expect(scoreIntentPredictions(gold, ['b', 'c', 'a', 'b'])).toEqual({
      accuracy: 0,
      macro_f1: 0,
    });
  });

  it('adds out-of-scope metrics when the gold labels contain oos', () => {
    const gold = ['a', 'a', 'b', OOS_LABEL, OOS_LABEL];
    const predicted = ['a', OOS_LABEL, 'b', OOS_LABEL, 'b'];
    const scores = scoreIntentPredictions(gold, predicted);
    expect(scores.accuracy).toBeCloseTo(3 / 5);
    expect(scores.in_scope_accuracy).toBeCloseTo(2 / 3);
    expect(scores.oos_recall).toBeCloseTo(1 / 2);
    expect(scores.oos_precision).toBeCloseTo(1 / 2);
    // F1: a = 2/(2+0+1) = 2/3, b = 2/(2+1+0) = 2/3, oos = 2/(2+1+1) = 1/2.
    expect(scores.macro_f1).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 2) / 3);
  });
});

describe('rejection threshold', () => {
  const prediction = (label: string, confidence: number) => ({
    label,
    confidence,
    ranked: [{ label, probability: confidence }],
  });

  it('maximises held-out accuracy when oos examples are available', () => {
    const held = [
      { label: 'a', prediction: prediction('a', 0.9) },
      { label: 'a', prediction: prediction('a', 0.6) },
      { label: OOS_LABEL, prediction: prediction('a', 0.4) },
      { label: OOS_LABEL, prediction: prediction('b', 0.3) },
    ];
    const tau = fitRejectionThreshold(held);
    expect(tau).toBeGreaterThan(0.4);
    expect(tau).toBeLessThanOrEqual(0.6);
    expect(held.map((h) => applyRejection(h.prediction, tau))).toEqual([
      'a',
      'a',
      OOS_LABEL,
      OOS_LABEL,
    ]);
  });

  it('keeps 95% of in-scope items when there is no oos to learn from', () => {
    const held = Array.from({ length: 21 }, (_, i) => ({
      label: 'a',
      prediction: prediction('a', i / 20),
    }));
    expect(fitRejectionThreshold(held)).toBeCloseTo(0.05);
  });
});

describe('evaluateIntents', () => {
  it('reports exactly the agreed keys and a perfect score on the training utterances', async () => {
    const report = await evaluateIntents({ train, test: train });
    expect(Object.keys(report).sort()).toEqual([
      'accuracy',
      'macro_f1',
      'n',
      'predict_ms_p50',
      'train_seconds',
    ]);
    expect(report.accuracy).toBe(1);
    expect(report.macro_f1).toBe(1);
    expect(report.n).toBe(train.length);
    expect(report.train_seconds).toBeGreaterThan(0);
    expect(report.predict_ms_p50).toBeGreaterThan(0);
  });

  it('scores zero when every test label is wrong', async () => {
    const shifted = train.map((t) => ({
      text: t.text,
      label: t.label === 'lost_card' ? 'check_balance' : 'lost_card',
    }));
    const report = await evaluateIntents({ train, test: shifted });
    expect(report.accuracy).toBe(0);
    expect(report.macro_f1).toBe(0);
  });

  it('adds out-of-scope metrics when the test set has oos items', async () => {
    const withOos = [...train, ...oos.map((text) => ({ text, label: OOS_LABEL }))];
    const test = [
      { text: 'what is my balance today', label: 'check_balance' },
      { text: 'transfer money to my friend', label: 'transfer_money' },
      { text: 'my card was stolen yesterday', label: 'lost_card' },
      { text: 'tell me a funny joke', label: OOS_LABEL },
    ];
    const report = await evaluateIntents({ train: withOos, test, seed: 1 });
    expect(Object.keys(report).sort()).toEqual([
      'accuracy',
      'in_scope_accuracy',
      'macro_f1',
      'n',
      'oos_precision',
      'oos_recall',
      'predict_ms_p50',
      'rejection_threshold',
      'train_seconds',
    ]);
    for (const key of ['accuracy', 'in_scope_accuracy', 'oos_recall', 'oos_precision'] as const) {
      expect(report[key]).toBeGreaterThanOrEqual(0);
      expect(report[key]).toBeLessThanOrEqual(1);
    }
    expect(report.in_scope_accuracy).toBeGreaterThanOrEqual(2 / 3);
  });

  it('takes the out-of-scope label by name (HINT3 NO_NODES_DETECTED), with none in training', async () => {
    const label = 'NO_NODES_DETECTED';
    const test = [
      { text: 'what is my balance today', label: 'check_balance' },
      { text: 'tell me a funny joke', label },
      { text: 'recipe for pancakes', label },
    ];
    const named = await evaluateIntents({ train, test, seed: 1, oosLabel: label });
    expect(named.oos_recall).toBeDefined();
    expect(named.rejection_threshold).toBeGreaterThan(0);
    // Rejected items carry the given label, never the default one.
    const scored = scoreIntentPredictions(
      test.map((t) => t.label),
      ['check_balance', label, 'oos'],
      label,
    );
    expect(scored).toMatchObject({ accuracy: 2 / 3, oos_recall: 1 / 2, oos_precision: 1 });
    expect(applyRejection({ label: 'lost_card', confidence: 0.1, ranked: [] }, 0.5, label)).toBe(
      label,
    );
    // Without the option the same test set has no out-of-scope class.
    const unnamed = await evaluateIntents({ train, test, seed: 1 });
    expect(unnamed.oos_recall).toBeUndefined();
  });
});

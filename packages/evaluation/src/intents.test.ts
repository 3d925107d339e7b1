import { describe, expect, it } from 'vitest';
import { chooseClassifierOptions } from './choose-classifier-options.ts';
import { evaluateIntents, OOS_LABEL, scoreIntentPredictions } from './intents.ts';

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

describe('evaluateIntents', () => {
  it('reports exactly the agreed keys and a perfect score on the training utterances', async () => {
    const report = await evaluateIntents({ train, test: train });
    expect(Object.keys(report).sort()).toEqual([
      'accuracy',
      'macro_f1',
      'n',
      'predict_ms_p50',
      'rerank_top',
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
      'rerank_top',
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
    expect(named.rejection_threshold).toBe(0.5);
    // Rejected items carry the given label, never the default one.
    const scored = scoreIntentPredictions(
      test.map((t) => t.label),
      ['check_balance', label, 'oos'],
      label,
    );
    expect(scored).toMatchObject({ accuracy: 2 / 3, oos_recall: 1 / 2, oos_precision: 1 });
    // Without the option the same test set has no out-of-scope class.
    const unnamed = await evaluateIntents({ train, test, seed: 1 });
    expect(unnamed.oos_recall).toBeUndefined();
  });

  it('rejects by rules fitted on the training data: in-scope results do not depend on the oos items', async () => {
    const label = 'NO_NODES_DETECTED';
    const inScope = [
      { text: 'what is my balance today', label: 'check_balance' },
      { text: 'please transfer money to my friend', label: 'transfer_money' },
      { text: 'my card was stolen yesterday', label: 'lost_card' },
    ];
    const few = [...inScope, { text: 'tell me a funny joke', label }];
    const many = [
      ...inScope,
      ...['recipe for pancakes', 'who won the match', 'weather in paris', 'play a song'].map(
        (text) => ({ text, label }),
      ),
    ];
    const background = ['what is the capital of france', 'sing me a song', 'how tall is everest'];
    const a = await evaluateIntents({ train, test: few, oosLabel: label, background });
    const b = await evaluateIntents({ train, test: many, oosLabel: label, background });
    expect(a.rejection_threshold).toBe(b.rejection_threshold);
    expect(a.in_scope_accuracy).toBe(b.in_scope_accuracy);
    expect(b.in_scope_accuracy).toBeGreaterThanOrEqual(2 / 3);
    expect(b.oos_recall).toBeGreaterThanOrEqual(0.5);
  });

  it('treats out-of-scope rows of the training data as background, not as a class', async () => {
    const generic = [
      ...oos,
      'how tall is mount everest',
      'play some jazz',
      'translate thank you into spanish',
      'what time is it in tokyo',
      'who painted the mona lisa',
      'recommend a good film',
      'how do i boil an egg',
      'what is the capital of peru',
    ];
    const withOos = [...train, ...generic.map((text) => ({ text, label: OOS_LABEL }))];
    const test = [
      { text: 'check my balance please', label: 'check_balance' },
      { text: 'what is the weather in paris today', label: OOS_LABEL },
      { text: 'tell me a joke please', label: OOS_LABEL },
    ];
    const report = await evaluateIntents({ train: withOos, test });
    // Never predicted as a class (the in-scope message keeps its intent), but rejected.
    expect(report.in_scope_accuracy).toBe(1);
    expect(report.oos_recall).toBeGreaterThanOrEqual(0.5);
  });
});

describe('chooseClassifierOptions', () => {
  it('keeps the defaults for large training sets without cross-validating', () => {
    const large = Array.from({ length: 3001 }, (_, i) => ({ text: `t${i}`, label: `l${i % 3}` }));
    expect(chooseClassifierOptions(large, 1)).toEqual({});
  });

  it('picks a candidate by cross-validation on small sets, deterministically', () => {
    const chosen = chooseClassifierOptions(train, 7);
    expect([{}, { rerankTop: 0 }]).toContainEqual(chosen);
    expect(chooseClassifierOptions(train, 7)).toEqual(chosen);
  });
});

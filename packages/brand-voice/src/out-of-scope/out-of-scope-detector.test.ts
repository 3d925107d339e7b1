import { describe, expect, it } from 'vitest';
import { trainIntentClassifier } from '../classifier/train-intent-classifier.ts';
import { fitOutOfScopeDetector } from './fit-out-of-scope-detector.ts';

// A small bike shop's intents, written for this test.
const INTENTS: Record<string, string[]> = {
  order_status: [
    'where is my order',
    'has my bike shipped yet',
    'track my order please',
    'when will my parcel arrive',
    'order not delivered yet',
    'status of my delivery',
    'my package is late',
    'what is the tracking number for my order',
    'is my order on the way',
    'how long until my order gets here',
  ],
  returns: [
    'i want to return my helmet',
    'how do i send the bike back',
    'can i get a refund',
    'return policy for bikes',
    'the saddle does not fit, can i return it',
    'refund for a damaged wheel',
    'how many days do i have to return',
    'i want my money back',
    'start a return',
    'exchange my order for another size',
  ],
  repairs: [
    'can you fix my flat tyre',
    'book a bike repair',
    'my brakes squeak, can you service them',
    'how much is a tune up',
    'service my gears',
    'repair appointment for my ebike',
    'my chain keeps falling off',
    'do you repair carbon frames',
    'wheel truing service',
    'when can i bring my bike for a service',
  ],
  sizing: [
    'what frame size do i need',
    'i am 180 cm which bike size',
    'size guide for mountain bikes',
    'is a medium frame right for me',
    'how do i measure my inseam',
    'which size fits a tall rider',
    'kids bike size for a 7 year old',
    'help me choose the right size',
    'frame size chart',
    'bike too big for me what size should i get',
  ],
  payment: [
    'can i pay in instalments',
    'do you accept paypal',
    'my card was declined',
    'pay with apple pay',
    'is there a finance option',
    'can i pay cash on delivery',
    'payment failed at checkout',
    'do you take credit cards',
    'split the payment into monthly parts',
    'was i charged twice',
  ],
  store_hours: [
    'when are you open',
    'opening hours on sunday',
    'what time does the shop close',
    'are you open on bank holidays',
    'store hours today',
    'where is your shop',
    'address of the store',
    'is the shop open late on thursday',
    'can i visit the store this weekend',
    'what are your hours',
  ],
};
const examples = Object.entries(INTENTS).flatMap(([label, texts]) =>
  texts.map((text) => ({ text, label })),
);
// Generic messages no shop serves, in the spirit of the bundled background lines.
const BACKGROUND = [
  'what is the weather tomorrow',
  'tell me a joke',
  'who won the football last night',
  'how do i bake bread',
  'what is the capital of peru',
  'recommend a good novel',
  'how tall is mount everest',
  'play some music',
  'what is the meaning of life',
  'translate hello into french',
  'how many calories in an apple',
  'who painted the mona lisa',
];

describe('fitOutOfScopeDetector', () => {
  const inScope = examples.filter((e) => e.label !== 'payment');
  const classifier = trainIntentClassifier(inScope, { rerankTop: 0 });
  const detector = fitOutOfScopeDetector(inScope, {
    background: BACKGROUND,
    classifierOptions: { rerankTop: 0 },
  });
  const rejected = (texts: readonly string[]) =>
    texts.filter((t) => detector.isOutOfScope(classifier.predict(t), t)).length;

  it('rejects most messages of an intent it never saw', () => {
    // `payment` was left out of training: its messages are out of scope for this model.
    expect(rejected(INTENTS.payment!)).toBeGreaterThanOrEqual(7);
  });

  it('keeps most new wordings of the intents it was trained on', () => {
    const heldOut = [
      'where is my bike, i ordered it last week',
      'i would like to send back the gloves for a refund',
      'can you service my brakes this week',
      'which frame size for someone 165 cm tall',
      'what time do you open on saturday',
      'my delivery has not arrived',
      'do you fix punctures',
      'how do i return an item',
    ];
    expect(rejected(heldOut)).toBeLessThanOrEqual(2);
  });

  it('rejects messages no shop serves', () => {
    const generic = [
      'what is the weather like in rome',
      'tell me a funny story',
      'who won the tennis match',
      'how do i cook pasta',
    ];
    expect(rejected(generic)).toBeGreaterThanOrEqual(3);
  });

  it('fixes its threshold by the balanced objective, never by the messages it is asked about', () => {
    expect(detector.threshold).toBe(0.5);
    const message = 'has my order shipped';
    const before = detector.probability(classifier.predict(message), message);
    for (const t of INTENTS.payment!) detector.probability(classifier.predict(t), t);
    expect(detector.probability(classifier.predict(message), message)).toBe(before);
    const again = fitOutOfScopeDetector(inScope, {
      background: BACKGROUND,
      classifierOptions: { rerankTop: 0 },
    });
    expect(again.probability(classifier.predict(message), message)).toBe(before);
  });

  it('reports what its simulation held out', () => {
    const s = detector.simulation;
    expect(s.heldOutIntents).toBeGreaterThan(0);
    expect(s.inScope).toBeGreaterThan(0);
    expect(s.background).toBe(BACKGROUND.length / 2);
    expect(s.inScopeKept).toBeGreaterThan(0.5);
    expect(s.heldOutIntentsRejected).toBeGreaterThan(0.5);
  });

  it('works without background messages', () => {
    const plain = fitOutOfScopeDetector(inScope, { classifierOptions: { rerankTop: 0 } });
    expect(plain.simulation.background).toBe(0);
    const p = plain.probability(classifier.predict('my card was declined'), 'my card was declined');
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('needs at least three intents to hold some out', () => {
    const two = examples.filter((e) => e.label === 'returns' || e.label === 'repairs');
    expect(() => fitOutOfScopeDetector(two)).toThrow(
      expect.objectContaining({ code: 'DATA_INVALID' }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { SUPPORT_EXAMPLES } from '../fixtures/support-examples.ts';
import { decodeFloat32, decodeInt32, encodeArray } from './codec.ts';
import { IntentClassifier, type IntentClassifierJSON } from './intent-classifier.ts';
import { trainIntentClassifier } from './train-intent-classifier.ts';

const examples = SUPPORT_EXAMPLES.map((e) => ({ text: e.text, label: e.intent }));
const unseen = [
  ['where is my parcel, it has not shipped', 'track_order'],
  ['please refund my money', 'refund'],
  ['forgot password, cannot log in', 'reset_password'],
] as const;

describe('trainIntentClassifier', () => {
  const classifier = trainIntentClassifier(examples, { validationFraction: 0.25 });

  it('learns a tiny fixture and generalises to new phrasings', () => {
    expect(classifier.labels).toEqual(['refund', 'reset_password', 'track_order']);
    for (const [text, label] of unseen) expect(classifier.predict(text).label).toBe(label);
  });

  it('returns calibrated-looking output: probabilities in [0, 1], sorted, summing to at most 1', () => {
    for (const text of ['where is my order', 'zzz qqq', '', 'refund password order']) {
      const p = classifier.predict(text);
      expect(p.confidence).toBeGreaterThanOrEqual(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
      expect(p.ranked[0]).toEqual({ label: p.label, probability: p.confidence });
      const probabilities = p.ranked.map((r) => r.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
    // Gibberish shares nothing with the training data, so it must not be near-certain.
    expect(classifier.predict('zzz qqq').confidence).toBeLessThan(0.9);
    expect(classifier.predict('track my package').confidence).toBeGreaterThan(
      classifier.predict('zzz qqq').confidence,
    );
  });

  it('reports held-out metrics from its validation split', () => {
    expect(classifier.validation).not.toBeNull();
    expect(classifier.validation!.n).toBe(examples.length);
    expect(classifier.validation!.nValidation).toBeGreaterThan(0);
    expect(classifier.validation!.accuracy).toBeGreaterThanOrEqual(0);
    expect(classifier.validation!.accuracy).toBeLessThanOrEqual(1);
  });

  it('round-trips through plain JSON with identical predictions', () => {
    const json = JSON.parse(JSON.stringify(classifier.toJSON()));
    const restored = IntentClassifier.fromJSON(json);
    expect(restored.labels).toEqual(classifier.labels);
    for (const text of [...examples.map((e) => e.text), ...unseen.map(([t]) => t), 'zzz']) {
      expect(restored.predict(text)).toEqual(classifier.predict(text));
    }
  });

  it('round-trips a model kept on its split (refitOnAll: false) and one without pairwise re-ranking', () => {
    for (const options of [{ refitOnAll: false }, { rerankTop: 0 }, { validationFraction: 0 }]) {
      const model = trainIntentClassifier(examples, options);
      const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
      for (const [text] of unseen) expect(restored.predict(text)).toEqual(model.predict(text));
    }
  });

  it('is deterministic for a seed', () => {
    const again = trainIntentClassifier(examples, { validationFraction: 0.25 });
    expect(again.toJSON()).toEqual(classifier.toJSON());
  });

  it('rejects empty data, empty labels and foreign JSON with DATA_INVALID', () => {
    expect(() => trainIntentClassifier([])).toThrow(
      expect.objectContaining({ code: 'DATA_INVALID' }),
    );
    expect(() => trainIntentClassifier([{ text: 'hi', label: ' ' }])).toThrow(
      expect.objectContaining({ code: 'DATA_INVALID' }),
    );
    const json = classifier.toJSON();
    expect(() => IntentClassifier.fromJSON({ ...json, format: 'other' as never })).toThrow(
      expect.objectContaining({ code: 'DATA_INVALID' }),
    );
    // Different texts give a different vocabulary than the one the weights belong to.
    expect(() =>
      IntentClassifier.fromJSON({ ...json, texts: json.texts.map((t) => `${t} extra`) }),
    ).toThrow(expect.objectContaining({ code: 'DATA_INVALID' }));
  });

  it('handles a single class', () => {
    const single = trainIntentClassifier([
      { text: 'hello there', label: 'greet' },
      { text: 'hi', label: 'greet' },
    ]);
    expect(single.predict('good morning', { similarity: false })).toEqual({
      label: 'greet',
      confidence: 1,
      ranked: [{ label: 'greet', probability: 1 }],
    });
  });

  it('says how close a text is to anything it was trained on', () => {
    const classifier = trainIntentClassifier(
      [
        { text: 'where is my order', label: 'track' },
        { text: 'track my parcel please', label: 'track' },
        { text: 'reset my password', label: 'password' },
        { text: 'I forgot my password', label: 'password' },
      ],
      { validationFraction: 0 },
    );
    expect(classifier.predict('where is my order').similarity).toBeCloseTo(1, 5);
    const unrelated = classifier.predict('will it rain tomorrow').similarity ?? 1;
    const related = classifier.predict('password').similarity ?? 0;
    expect(unrelated).toBeLessThan(0.2);
    expect(related).toBeGreaterThan(unrelated);
    expect(
      classifier.predict('where is my order', { similarity: false }).similarity,
    ).toBeUndefined();
  });
});

describe('the vectorised training texts saved with a model', () => {
  // 81 rows: the load's spot check vectorises every second row again, so odd rows go unchecked.
  const many = Array.from({ length: 81 }, (_, i) => {
    const e = examples[i % examples.length]!;
    return { text: `${e.text} ref ${i}`, label: e.label };
  });
  const model = trainIntentClassifier(many, { validationFraction: 0 });
  const texts = [...unseen.map(([t]) => t), 'refund password order', 'zzz'];
  const saved = (): IntentClassifierJSON => JSON.parse(JSON.stringify(model.toJSON()));
  /** `json` with the values of training row `row` scaled (what a stale or foreign vectorisation looks like). */
  const withRowScaled = (json: IntentClassifierJSON, row: number): IntentClassifierJSON => {
    const fitted = json.fitted!;
    const indptr = decodeInt32(fitted.x.indptr);
    const values = decodeFloat32(fitted.x.values);
    for (let k = indptr[row]!; k < indptr[row + 1]!; k++) values[k] = values[k]! * 5;
    return { ...json, fitted: { ...fitted, x: { ...fitted.x, values: encodeArray(values) } } };
  };

  it('are saved by toJSON; a model saved with or without them loads to the same predictions', () => {
    const json = saved();
    expect(json.fitted?.vocabulary.length).toBeGreaterThan(0);
    const { fitted: _, ...older } = json;
    for (const restored of [IntentClassifier.fromJSON(json), IntentClassifier.fromJSON(older)])
      for (const text of texts) expect(restored.predict(text)).toEqual(model.predict(text));
  });

  it('are what loading uses: a change to a row the spot check skips shows in its predictions', () => {
    const restored = IntentClassifier.fromJSON(withRowScaled(saved(), 1));
    const moved = texts.some(
      (text) => restored.predict(text).confidence !== model.predict(text).confidence,
    );
    expect(moved).toBe(true);
  });

  it('are made again from the texts when stamped for other texts or options, or when a checked row differs', () => {
    const json = withRowScaled(saved(), 1);
    const otherStamp = { ...json, fitted: { ...json.fitted!, stamp: 'another version' } };
    const checkedRowDiffers = withRowScaled(json, 0);
    for (const stale of [otherStamp, checkedRowDiffers]) {
      const restored = IntentClassifier.fromJSON(stale);
      for (const text of texts) expect(restored.predict(text)).toEqual(model.predict(text));
    }
  });
});

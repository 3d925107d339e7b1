import type { IntentPrediction } from '@switchboard/core';
import { seededRandom } from '@switchboard/text';
import { describe, expect, it } from 'vitest';
import { coverageOnlyRouter } from '../../../../test/support/coverage-router.ts';
import { decideRoute } from './decide.ts';
import { fitRouter, type LabelledSignals } from './fit.ts';

const intent = (label: string, confidence: number): IntentPrediction => ({
  label,
  confidence,
  ranked: [{ label, probability: confidence }],
});

/** Brand items score `brandLevel`, docs questions have evidence `docLevel`, the rest is low. */
function samples(brandLevel: number, docLevel: number, seed = 1): LabelledSignals[] {
  const rnd = seededRandom(seed);
  const jitter = () => (rnd() - 0.5) * 0.1;
  const out: LabelledSignals[] = [];
  for (let i = 0; i < 60; i++) {
    out.push({
      route: 'brand',
      signals: { brand: intent('track_order', brandLevel + jitter()), evidence: 0.2 + jitter() },
    });
    out.push({
      route: 'knowledge',
      signals: { brand: intent('track_order', 0.2 + jitter()), evidence: docLevel + jitter() },
    });
    out.push({
      route: 'handoff',
      signals: { brand: intent('track_order', 0.25 + jitter()), evidence: 0.25 + jitter() },
    });
  }
  for (let i = 0; i < 20; i++) {
    out.push({
      route: 'handoff',
      signals: { brand: intent('contact_human_agent', 0.8 + jitter()), evidence: 0.1 },
    });
  }
  return out;
}

describe('router fitting', () => {
  it('fits thresholds that separate the routes in the data', () => {
    const model = fitRouter(samples(0.9, 0.9), { handoffIntents: ['contact_human_agent'] });
    expect(model.fit.balancedAccuracy).toBeGreaterThan(0.97);
    expect(model.thresholds.brand).toBeGreaterThan(0.3);
    expect(model.thresholds.brand).toBeLessThan(0.85);
  });

  it('doubts a confident intent, a request for a person included, unlike anything it was trained on', () => {
    // Closed-set confidence is high for everything; only closeness to the training examples
    // tells the brand model's own messages (0.8) from out-of-scope ones (0.1).
    const rnd = seededRandom(3);
    const near = (label: string) => ({ ...intent(label, 0.9), similarity: 0.75 + rnd() * 0.1 });
    const far = (label: string) => ({ ...intent(label, 0.9), similarity: 0.05 + rnd() * 0.1 });
    const data: LabelledSignals[] = [];
    for (let i = 0; i < 40; i++) {
      data.push({ route: 'brand', signals: { brand: near('track_order'), evidence: 0.1 } });
      data.push({
        route: 'handoff',
        expected: 'person',
        signals: { brand: near('contact_human_agent'), evidence: 0.1 },
      });
      data.push({ route: 'knowledge', signals: { brand: far('track_order'), evidence: 0.9 } });
      data.push({
        route: 'handoff',
        expected: 'out_of_scope',
        signals: { brand: far(i % 2 ? 'track_order' : 'contact_human_agent'), evidence: 0.1 },
      });
    }
    const model = fitRouter(data, { handoffIntents: ['contact_human_agent'] });
    const route = (label: string, similarity: number) =>
      decideRoute(model, { brand: { ...intent(label, 0.9), similarity }, evidence: 0.1 });
    expect(route('track_order', 0.8)).toMatchObject({ route: 'brand' });
    expect(route('contact_human_agent', 0.8)).toMatchObject({ reason: 'customer_asked' });
    expect(route('track_order', 0.1)).toMatchObject({ reason: 'low_confidence' });
    expect(route('contact_human_agent', 0.1)).toMatchObject({ reason: 'low_confidence' });
  });

  it('learns from an off-topic probability: shared words no longer make a docs answer', () => {
    // Docs questions and off-topic requests share words with some passage alike (evidence 0.6);
    // only the topic detector tells them apart.
    const rnd = seededRandom(5);
    const data: LabelledSignals[] = [];
    for (let i = 0; i < 50; i++) {
      const evidence = 0.55 + rnd() * 0.1;
      const weak = intent('track_order', 0.2);
      data.push({ route: 'knowledge', signals: { brand: weak, evidence, offTopic: rnd() * 0.3 } });
      data.push({
        route: 'handoff',
        expected: 'out_of_scope',
        signals: { brand: weak, evidence, offTopic: 0.7 + rnd() * 0.3 },
      });
      data.push({
        route: 'brand',
        signals: { brand: intent('track_order', 0.9), evidence: 0.1, offTopic: rnd() * 0.3 },
      });
    }
    const model = fitRouter(data, { handoffIntents: [] });
    expect(model.topicAware).toBe(true);
    expect(model.knowledgeCalibration.weights).toHaveLength(7); // bias + 6 features
    const route = (offTopic: number) =>
      decideRoute(model, { brand: intent('track_order', 0.2), evidence: 0.6, offTopic });
    expect(route(0.1)).toMatchObject({ route: 'knowledge' });
    expect(route(0.95)).toMatchObject({ route: 'handoff', reason: 'out_of_scope' });
    // Fitted without the feature, the same evidence cannot tell them apart.
    const blind = fitRouter(
      data.map((d) => {
        const { offTopic: _dropped, ...signals } = d.signals;
        return { ...d, signals };
      }),
      { handoffIntents: [] },
    );
    expect(blind.topicAware).toBeUndefined();
    expect(blind.fit.balancedAccuracy).toBeLessThan(model.fit.balancedAccuracy);
  });

  it('keeps its thresholds when the fitting data is drawn again from the same source', () => {
    // Overlapping classes: many thresholds score within noise of the best, and an exact maximum
    // jumps across the grid from one draw to the next (knowledge 0.25–0.7 on these draws).
    const draw = (seed: number): LabelledSignals[] => {
      const rnd = seededRandom(seed);
      const noise = () => (rnd() - 0.5) * 0.7;
      return Array.from({ length: 100 }, () => [
        {
          route: 'brand' as const,
          signals: { brand: intent('t', 0.6 + noise()), evidence: 0.2 + noise() },
        },
        {
          route: 'knowledge' as const,
          signals: { brand: intent('t', 0.2 + noise()), evidence: 0.6 + noise() },
        },
        {
          route: 'handoff' as const,
          signals: { brand: intent('t', 0.25 + noise()), evidence: 0.25 + noise() },
        },
      ]).flat();
    };
    const fitted = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (seed) => fitRouter(draw(seed), { handoffIntents: [] }).thresholds,
    );
    const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
    expect(spread(fitted.map((t) => t.knowledge))).toBeLessThanOrEqual(0.25);
    expect(spread(fitted.map((t) => t.brand))).toBeLessThanOrEqual(0.3 + 1e-9);
  });

  it('moves the thresholds when the data moves (they are fitted, not hand-set)', () => {
    const high = fitRouter(samples(0.95, 0.9), { handoffIntents: [] });
    const low = fitRouter(samples(0.5, 0.9), { handoffIntents: [] });
    expect(low.thresholds.brand).toBeLessThan(high.thresholds.brand);
    expect(low.thresholds.brand).toBeLessThan(0.5);
  });
});

describe('decideRoute', () => {
  // sigmoid(10 · evidence − 5): coverage alone.
  const model = coverageOnlyRouter(['contact_human_agent']);

  it('hands off when the customer asks for a person', () => {
    const d = decideRoute(model, { brand: intent('contact_human_agent', 0.9), evidence: 0.9 });
    expect(d).toMatchObject({ route: 'handoff', reason: 'customer_asked' });
    expect(d.confidence).toBeCloseTo(0.9);
  });

  it('says "not sure" (handoff, low_confidence) when nothing clears its threshold', () => {
    const d = decideRoute(model, { brand: intent('track_order', 0.3), evidence: 0.2 });
    expect(d.route).toBe('handoff');
    expect(d.reason).toBe('low_confidence');
  });

  it('says "not sure" about something else entirely as out_of_scope, not as a docs gap', () => {
    const off = decideRoute(model, {
      brand: intent('track_order', 0.3),
      evidence: 0.2,
      offTopic: 0.8,
    });
    expect(off).toMatchObject({ route: 'handoff', reason: 'out_of_scope' });
    const unsure = decideRoute(model, {
      brand: intent('track_order', 0.3),
      evidence: 0.2,
      offTopic: 0.3,
    });
    expect(unsure.reason).toBe('low_confidence');
    // An answer the evidence supports is given whatever the detector says.
    const answered = decideRoute(model, {
      brand: intent('track_order', 0.3),
      evidence: 0.95,
      offTopic: 0.9,
    });
    expect(answered.route).toBe('knowledge');
  });

  it('carries the scores and thresholds behind every decision', () => {
    const d = decideRoute(model, { brand: intent('track_order', 0.3), evidence: 0.9 });
    expect(d.route).toBe('knowledge');
    expect(d.scores.knowledge).toBeCloseTo(1 / (1 + Math.exp(-4)));
    expect(d.thresholds).toEqual(model.thresholds);
    expect(d.scores.brandIntent).toBe('track_order');
  });

  it('prefers the route with the larger margin when both qualify', () => {
    expect(decideRoute(model, { brand: intent('track_order', 0.95), evidence: 0.6 }).route).toBe(
      'brand',
    );
    expect(decideRoute(model, { brand: intent('track_order', 0.55), evidence: 0.95 }).route).toBe(
      'knowledge',
    );
  });
});

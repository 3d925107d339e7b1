import { describe, expect, it } from 'vitest';
import {
  citedGoldFirst,
  compareFollowUps,
  confusionMatrix,
  goldFirst,
  type HybridOutcome,
  outOfScopeOutcomes,
  precisionByRoute,
  recallByKind,
  routeColumns,
  scoreHybrid,
} from './hybrid-metrics.ts';

let next = 0;
function outcome(partial: Partial<HybridOutcome> & Pick<HybridOutcome, 'kind' | 'route'>) {
  next++;
  return { id: `m${next}`, docsGap: false, latencyMs: 1, ...partial } satisfies HybridOutcome;
}

const mix: HybridOutcome[] = [
  outcome({ kind: 'knowledge', route: 'knowledge', firstCitedDocId: 'd1', goldDocIds: ['d1'] }),
  outcome({ kind: 'knowledge', route: 'knowledge', firstCitedDocId: 'd2', goldDocIds: ['d1'] }),
  outcome({ kind: 'knowledge', route: 'handoff', reason: 'low_confidence', goldDocIds: ['d3'] }),
  outcome({ kind: 'knowledge', route: 'brand', goldDocIds: ['d4'] }),
  outcome({ kind: 'brand', route: 'brand', intent: 'refund', predictedIntent: 'refund' }),
  outcome({ kind: 'brand', route: 'brand', intent: 'refund', predictedIntent: 'cancel' }),
  outcome({ kind: 'person', route: 'handoff', reason: 'customer_asked' }),
  outcome({ kind: 'oos', route: 'handoff', reason: 'low_confidence', docsGap: true }),
  outcome({ kind: 'oos', route: 'handoff', reason: 'customer_asked' }),
  outcome({ kind: 'oos', route: 'knowledge', firstCitedDocId: 'd9' }),
  outcome({ kind: 'smalltalk', route: 'smalltalk' }),
  outcome({ kind: 'smalltalk', route: 'handoff', reason: 'low_confidence', docsGap: true }),
  outcome({ kind: 'smalltalk', route: 'error', error: 'boom' }),
];

describe('hybrid metrics', () => {
  it('puts the base routes first, then routes it has not heard of, then errors', () => {
    expect(routeColumns(mix)).toEqual(['brand', 'knowledge', 'handoff', 'smalltalk', 'error']);
    expect(routeColumns([outcome({ kind: 'oos', route: 'not_sure' })])).toEqual([
      'brand',
      'knowledge',
      'handoff',
      'not_sure',
    ]);
  });

  it('counts expected kind against route, with a column for every route', () => {
    const m = confusionMatrix(mix, routeColumns(mix));
    expect(Object.keys(m)).toEqual(['knowledge', 'brand', 'person', 'oos', 'smalltalk']);
    expect(m.knowledge).toEqual({ brand: 1, knowledge: 2, handoff: 1, smalltalk: 0, error: 0 });
    expect(m.smalltalk).toEqual({ brand: 0, knowledge: 0, handoff: 1, smalltalk: 1, error: 1 });
    expect(m.person!.handoff).toBe(1);
  });

  it('scores recall per kind and precision per route against the expected routes', () => {
    const routes = routeColumns(mix);
    const m = confusionMatrix(mix, routes);
    expect(recallByKind(m)).toEqual({
      knowledge: 2 / 4,
      brand: 1,
      person: 1,
      oos: 2 / 3,
      smalltalk: 1 / 3,
    });
    // handoff took 1 knowledge, 1 person, 2 oos, 1 small talk: person and oos expect it.
    expect(precisionByRoute(m, routes)).toEqual({
      brand: 2 / 3,
      knowledge: 2 / 3,
      handoff: 3 / 5,
      smalltalk: 1,
    });
  });

  it('counts gold cited first over all questions and over the answered ones', () => {
    const knowledge = mix.filter((o) => o.kind === 'knowledge');
    expect(knowledge.map(citedGoldFirst)).toEqual([true, false, false, false]);
    expect(goldFirst(knowledge)).toEqual({ n: 4, rate: 1 / 4, rate_when_answered: 1 / 2 });
    expect(goldFirst([])).toEqual({ n: 0, rate: 0, rate_when_answered: 0 });
  });

  it('splits out-of-scope outcomes into not sure, a promised person and answers', () => {
    expect(outOfScopeOutcomes(mix)).toMatchObject({
      n: 3,
      not_sure: 1,
      handoff_customer_asked: 1,
      answered: 1,
      answered_by_route: { knowledge: 1 },
    });
    const notSureRoute = outOfScopeOutcomes([outcome({ kind: 'oos', route: 'not_sure' })]);
    expect(notSureRoute.not_sure).toBe(1);
  });

  it('compares follow-ups asked with their conversation and alone', () => {
    const f = (doc?: string) =>
      outcome({
        kind: 'followup',
        route: doc ? 'knowledge' : 'handoff',
        goldDocIds: ['g'],
        ...(doc ? { firstCitedDocId: doc } : {}),
      });
    const report = compareFollowUps([
      { withHistory: f('g'), alone: f('x') },
      { withHistory: f('g'), alone: f('g') },
      { withHistory: f(), alone: f('g') },
      { withHistory: f('x'), alone: f() },
    ]);
    expect(report).toEqual({
      n: 4,
      with_history: { gold_first: 2 / 4, routed_knowledge: 3 / 4 },
      alone: { gold_first: 2 / 4, routed_knowledge: 3 / 4 },
      history_helped: 1,
      history_hurt: 1,
    });
  });

  it('gathers every figure: errors, docs gaps by kind, brand intents, latency', () => {
    const report = scoreHybrid(
      [...mix, outcome({ kind: 'knowledge', route: 'knowledge', latencyMs: 100 })],
      [],
    );
    expect(report.n).toBe(14);
    expect(report.errors).toBe(1);
    expect(report.docs_gaps_by_kind).toEqual({
      knowledge: 0,
      brand: 0,
      person: 0,
      oos: 1,
      smalltalk: 1,
    });
    expect(report.brand_intent_accuracy).toBe(1 / 2);
    expect(report.latency_ms.max).toBe(100);
    expect(report.latency_ms.p50).toBe(1);
    expect(report.error_samples).toEqual([{ id: expect.any(String), error: 'boom' }]);
    // Right: 3 knowledge, 2 brand, 1 person, 2 oos, 1 small talk.
    expect(report.accuracy).toBeCloseTo(9 / 14);
  });
});

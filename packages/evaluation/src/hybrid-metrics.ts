import { EXPECTED_ROUTES, MIX_KINDS, type MixKind } from './hybrid-mix.ts';
import { percentile } from './ranking-metrics.ts';

/** The routes every report shows, even when nothing was routed there. */
export const BASE_ROUTES = ['brand', 'knowledge', 'handoff'] as const;
/** The column of messages that failed (the HTTP API would have answered with a non-200). */
export const ERROR_ROUTE = 'error';

/** What happened to one measured message. */
export interface HybridOutcome {
  id: string;
  kind: MixKind;
  /** The reply's route (any name the assistant uses), or `error` when the message failed. */
  route: string;
  /** The decision's reason (`customer_asked`, `low_confidence`, …). */
  reason?: string;
  /** The document of the reply's first citation. */
  firstCitedDocId?: string;
  goldDocIds?: string[];
  /** The labelled intent and the brand model's intent, for brand and person items. */
  intent?: string;
  predictedIntent?: string;
  /** True when the message was written to the docs-gap log. */
  docsGap: boolean;
  latencyMs: number;
  error?: string;
}

/** A follow-up asked twice: inside its conversation, and alone in a new one. */
export interface FollowUpPair {
  withHistory: HybridOutcome;
  alone: HybridOutcome;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** True when the first citation names one of the gold documents. */
export function citedGoldFirst(outcome: HybridOutcome): boolean {
  return (
    outcome.firstCitedDocId !== undefined &&
    (outcome.goldDocIds ?? []).includes(outcome.firstCitedDocId)
  );
}

/** The route columns: the base routes, then any other route seen (sorted), then `error` if any. */
export function routeColumns(outcomes: readonly HybridOutcome[]): string[] {
  const seen = new Set(outcomes.map((o) => o.route));
  const extra = [...seen]
    .filter((r) => !(BASE_ROUTES as readonly string[]).includes(r) && r !== ERROR_ROUTE)
    .sort();
  return [...BASE_ROUTES, ...extra, ...(seen.has(ERROR_ROUTE) ? [ERROR_ROUTE] : [])];
}

/** confusion[kind][route] = count, over the kinds present and `routes` as columns. */
export function confusionMatrix(
  outcomes: readonly HybridOutcome[],
  routes: readonly string[],
): Record<string, Record<string, number>> {
  const matrix: Record<string, Record<string, number>> = Object.create(null);
  for (const kind of MIX_KINDS) {
    if (!outcomes.some((o) => o.kind === kind)) continue;
    const row: Record<string, number> = Object.create(null);
    for (const route of routes) row[route] = 0;
    matrix[kind] = row;
  }
  for (const o of outcomes) {
    const row = matrix[o.kind]!;
    row[o.route] = (row[o.route] ?? 0) + 1;
  }
  return matrix;
}

/** Per kind: the share of its messages that took one of its expected routes. */
export function recallByKind(
  matrix: Record<string, Record<string, number>>,
): Record<string, number> {
  const recall: Record<string, number> = Object.create(null);
  for (const [kind, row] of Object.entries(matrix)) {
    const total = Object.values(row).reduce((a, b) => a + b, 0);
    const right = EXPECTED_ROUTES[kind as MixKind].reduce((sum, r) => sum + (row[r] ?? 0), 0);
    recall[kind] = ratio(right, total);
  }
  return recall;
}

/** Per route: the share of the messages it took whose kind expects it (`error` has none). */
export function precisionByRoute(
  matrix: Record<string, Record<string, number>>,
  routes: readonly string[],
): Record<string, number> {
  const precision: Record<string, number> = Object.create(null);
  for (const route of routes) {
    if (route === ERROR_ROUTE) continue;
    let taken = 0;
    let right = 0;
    for (const [kind, row] of Object.entries(matrix)) {
      const count = row[route] ?? 0;
      taken += count;
      if (EXPECTED_ROUTES[kind as MixKind].includes(route)) right += count;
    }
    precision[route] = ratio(right, taken);
  }
  return precision;
}

export interface GoldFirstReport {
  n: number;
  /** Share of all items whose first citation is a gold document (a refusal counts as a miss). */
  rate: number;
  /** The same among the items that were answered from the docs. */
  rate_when_answered: number;
}

export function goldFirst(outcomes: readonly HybridOutcome[]): GoldFirstReport {
  const answered = outcomes.filter((o) => o.route === 'knowledge');
  return {
    n: outcomes.length,
    rate: ratio(outcomes.filter(citedGoldFirst).length, outcomes.length),
    rate_when_answered: ratio(answered.filter(citedGoldFirst).length, answered.length),
  };
}

/**
 * What out-of-scope messages got: a handoff that promises a person, an honest "not sure"
 * (handoff for lack of confidence, or a `not_sure` route), or an answer (by route).
 */
export function outOfScopeOutcomes(outcomes: readonly HybridOutcome[]) {
  const oos = outcomes.filter((o) => o.kind === 'oos');
  const answered: Record<string, number> = Object.create(null);
  let handoff = 0;
  let notSure = 0;
  let errors = 0;
  for (const o of oos) {
    if (o.route === ERROR_ROUTE) errors++;
    else if (o.route === 'not_sure' || (o.route === 'handoff' && o.reason !== 'customer_asked'))
      notSure++;
    else if (o.route === 'handoff') handoff++;
    else answered[o.route] = (answered[o.route] ?? 0) + 1;
  }
  const answeredTotal = Object.values(answered).reduce((a, b) => a + b, 0);
  return {
    n: oos.length,
    handoff_customer_asked: handoff,
    not_sure: notSure,
    answered: answeredTotal,
    answered_by_route: answered,
    answered_rate: ratio(answeredTotal, oos.length),
    errors,
  };
}

/** Follow-ups with their conversation against the same message alone. */
export function compareFollowUps(pairs: readonly FollowUpPair[]) {
  const withHistory = pairs.map((p) => p.withHistory);
  const alone = pairs.map((p) => p.alone);
  let better = 0;
  let worse = 0;
  for (const p of pairs) {
    const a = citedGoldFirst(p.withHistory);
    const b = citedGoldFirst(p.alone);
    if (a && !b) better++;
    if (b && !a) worse++;
  }
  const side = (list: HybridOutcome[]) => ({
    gold_first: ratio(list.filter(citedGoldFirst).length, list.length),
    routed_knowledge: ratio(list.filter((o) => o.route === 'knowledge').length, list.length),
  });
  return {
    n: pairs.length,
    with_history: side(withHistory),
    alone: side(alone),
    /** Gold cited first only with the conversation / only without it. */
    history_helped: better,
    history_hurt: worse,
  };
}

function latency(values: readonly number[]) {
  return values.length === 0
    ? { p50: 0, p99: 0, max: 0 }
    : { p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) };
}

export type HybridReport = ReturnType<typeof scoreHybrid>;

/**
 * Every figure of a hybrid run from its outcomes. Follow-up items count in the confusion matrix
 * with their conversation; their alone runs only feed the follow-up comparison.
 */
export function scoreHybrid(outcomes: readonly HybridOutcome[], pairs: readonly FollowUpPair[]) {
  const routes = routeColumns(outcomes);
  const confusion = confusionMatrix(outcomes, routes);
  const gaps: Record<string, number> = Object.create(null);
  for (const kind of Object.keys(confusion)) gaps[kind] = 0;
  for (const o of outcomes) if (o.docsGap) gaps[o.kind] = (gaps[o.kind] ?? 0) + 1;
  const branded = outcomes.filter((o) => o.kind === 'brand' && o.intent !== undefined);
  const latencyByKind: Record<string, ReturnType<typeof latency>> = Object.create(null);
  for (const kind of Object.keys(confusion))
    latencyByKind[kind] = latency(outcomes.filter((o) => o.kind === kind).map((o) => o.latencyMs));
  return {
    n: outcomes.length,
    errors: outcomes.filter((o) => o.route === ERROR_ROUTE).length,
    accuracy: ratio(
      outcomes.filter((o) => EXPECTED_ROUTES[o.kind].includes(o.route)).length,
      outcomes.length,
    ),
    routes,
    /** confusion[expected kind][route] */
    confusion,
    recall_by_kind: recallByKind(confusion),
    precision_by_route: precisionByRoute(confusion, routes),
    gold_first: {
      knowledge: goldFirst(outcomes.filter((o) => o.kind === 'knowledge')),
      followup: goldFirst(outcomes.filter((o) => o.kind === 'followup')),
    },
    /** Brand items routed to brand whose predicted intent is the labelled one, over all brand items. */
    brand_intent_accuracy: ratio(
      branded.filter((o) => o.route === 'brand' && o.predictedIntent === o.intent).length,
      branded.length,
    ),
    docs_gaps_by_kind: gaps,
    oos: outOfScopeOutcomes(outcomes),
    followups: compareFollowUps(pairs),
    latency_ms: latency(outcomes.map((o) => o.latencyMs)),
    latency_ms_by_kind: latencyByKind,
    error_samples: outcomes
      .filter((o) => o.error)
      .slice(0, 5)
      .map((o) => ({ id: o.id, error: o.error })),
  };
}

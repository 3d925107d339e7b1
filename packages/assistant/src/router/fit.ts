import type { RouteName, RouteScores, RouteThresholds } from '@switchboard/core';
import { classBalanced, fitLogistic } from '@switchboard/stats';
import { chooseRoute, type RouterModel, type RouteSignals, routeScores } from './decide.ts';
import { brandFeatures, knowledgeFeatures } from './features.ts';

export interface LabelledSignals {
  signals: RouteSignals;
  route: RouteName;
  /** For handoff samples: a request for a person, or a message nobody can answer. */
  expected?: 'person' | 'out_of_scope';
}

export interface FitRouterOptions {
  handoffIntents: string[];
  /** Candidate thresholds tried for each route. @defaultValue 0.05, 0.10, … 0.95 */
  grid?: number[];
}

const DEFAULT_GRID = Array.from({ length: 19 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2)));
const ROUTES: RouteName[] = ['brand', 'knowledge', 'handoff'];
/** L2 penalty of the calibrations on standardised features: enough to tame separable data. */
const CALIBRATION_RIDGE = 1e-2;

function score(
  thresholds: RouteThresholds,
  samples: ReadonlyArray<{ scores: RouteScores; route: RouteName }>,
): { balanced: number; perRoute: Record<string, number>; standardError: number } {
  const hits: Record<string, number> = { brand: 0, knowledge: 0, handoff: 0 };
  const totals: Record<string, number> = { brand: 0, knowledge: 0, handoff: 0 };
  for (const s of samples) {
    totals[s.route]!++;
    if (chooseRoute(s.scores, thresholds).route === s.route) hits[s.route]!++;
  }
  const present = ROUTES.filter((r) => totals[r]! > 0);
  const perRoute = Object.fromEntries(present.map((r) => [r, hits[r]! / totals[r]!]));
  const balanced = present.reduce((sum, r) => sum + perRoute[r]!, 0) / Math.max(1, present.length);
  // Balanced accuracy is a mean of per-route binomial rates: its variance is theirs over R².
  const variance = present.reduce((sum, r) => {
    const p = perRoute[r]!;
    return sum + (p * (1 - p)) / totals[r]!;
  }, 0);
  const standardError = Math.sqrt(variance) / Math.max(1, present.length);
  return { balanced, perRoute, standardError };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

type Candidate = {
  thresholds: RouteThresholds;
  perRoute: Record<string, number>;
  balanced: number;
};

const distance = (a: RouteThresholds, b: RouteThresholds) =>
  Math.abs(a.brand - b.brand) +
  Math.abs(a.knowledge - b.knowledge) +
  Math.abs(a.handoffRequest - b.handoffRequest);

/**
 * Among thresholds as good as the best within its standard error (the "one standard error"
 * rule: on the fitting data they cannot be told apart), the middle of that plateau: the widest
 * margin on both sides, so new data slightly off the fitting data is still routed the same way.
 * An exact maximum instead jumps across the grid when one fitting example changes.
 */
function middleOfPlateau(
  ties: Candidate[],
  scored: ReadonlyArray<{ scores: RouteScores; route: RouteName }>,
): Candidate | undefined {
  if (ties.length === 0) return undefined;
  const thresholds: RouteThresholds = {
    brand: median(ties.map((t) => t.thresholds.brand)),
    knowledge: median(ties.map((t) => t.thresholds.knowledge)),
    handoffRequest: median(ties.map((t) => t.thresholds.handoffRequest)),
  };
  const floor = Math.min(...ties.map((t) => t.balanced));
  const result = score(thresholds, scored);
  if (result.balanced >= floor - 1e-12) return { thresholds, ...result };
  // The plateau is not a box: the member nearest its middle.
  return ties.reduce((a, b) =>
    distance(b.thresholds, thresholds) < distance(a.thresholds, thresholds) ? b : a,
  );
}

/**
 * Fits the router from labelled signals: calibrates the knowledge and brand features into
 * probabilities (class-balanced logistic regressions), then
 * picks the thresholds that maximise balanced accuracy over the three routes, taking the middle
 * of the best plateau.
 */
export function fitRouter(samples: LabelledSignals[], options: FitRouterOptions): RouterModel {
  const grid = options.grid ?? DEFAULT_GRID;
  // The off-topic probability is a feature only when every sample carries one.
  const topicAware = samples.length > 0 && samples.every((s) => s.signals.offTopic !== undefined);
  const offTopic = (s: LabelledSignals) => (topicAware ? s.signals.offTopic : undefined);
  const knowledgeCalibration = fitLogistic(
    classBalanced(
      samples.map((s) => ({
        x: knowledgeFeatures(s.signals.evidence, s.signals.lexical, offTopic(s)),
        positive: s.route === 'knowledge',
      })),
    ),
    CALIBRATION_RIDGE,
  );
  // The brand model knows held-out brand messages, requests for a person included; everything
  // else (docs questions, out of scope) is what its closed-set confidence must learn to doubt.
  const brandCalibration = fitLogistic(
    classBalanced(
      samples.map((s) => ({
        x: brandFeatures(s.signals.brand),
        positive: s.route === 'brand' || s.expected === 'person',
      })),
    ),
    CALIBRATION_RIDGE,
  );
  const context = {
    knowledgeCalibration,
    brandCalibration,
    handoffIntents: options.handoffIntents,
    ...(topicAware ? { topicAware } : {}),
  };
  const scored = samples.map((s) => ({ route: s.route, scores: routeScores(context, s.signals) }));
  const candidates: Candidate[] = [];
  let top: (Candidate & { standardError: number }) | undefined;
  for (const handoffRequest of grid) {
    for (const brand of grid) {
      for (const knowledge of grid) {
        const thresholds: RouteThresholds = { brand, knowledge, handoffRequest };
        const result = score(thresholds, scored);
        const candidate = { thresholds, perRoute: result.perRoute, balanced: result.balanced };
        candidates.push(candidate);
        if (!top || result.balanced > top.balanced + 1e-12)
          top = { ...candidate, standardError: result.standardError };
      }
    }
  }
  const bestScore = top?.balanced ?? -1;
  const tolerance = (top?.standardError ?? 0) + 1e-12;
  const ties = candidates.filter((c) => c.balanced >= bestScore - tolerance);
  const best = middleOfPlateau(ties, scored);
  if (!best) throw new Error('fitRouter needs a non-empty grid');
  return {
    thresholds: best.thresholds,
    knowledgeCalibration,
    brandCalibration,
    handoffIntents: options.handoffIntents,
    ...(topicAware ? { topicAware } : {}),
    fit: { n: samples.length, balancedAccuracy: best.balanced, perRoute: best.perRoute },
  };
}

import type { BrandEvalMetrics } from '@switchboard/core';

export interface GateDecision {
  promote: boolean;
  /** Why the candidate was refused (empty when promoted), one sentence per failed check. */
  reasons: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The promotion gate: a candidate replaces the active version only if it is at least as good on
 * every measure (same validation split for both) and never shows a placeholder. Without an active
 * version only the placeholder check applies, so the first model can always go live.
 */
export function gateDecision(
  candidate: BrandEvalMetrics,
  active: BrandEvalMetrics | null,
): GateDecision {
  const reasons: string[] = [];
  if (candidate.n === 0) reasons.push('the candidate was evaluated on no validation examples');
  if (candidate.placeholderLeakage > 0) {
    reasons.push(`placeholder leakage is ${pct(candidate.placeholderLeakage)}; it must be 0`);
  }
  if (active) {
    if (candidate.intentAccuracy < active.intentAccuracy) {
      reasons.push(
        `intent accuracy ${pct(candidate.intentAccuracy)} is below the active version's ${pct(active.intentAccuracy)}`,
      );
    }
    if (candidate.rougeL < active.rougeL) {
      reasons.push(
        `ROUGE-L ${candidate.rougeL.toFixed(4)} is below the active version's ${active.rougeL.toFixed(4)}`,
      );
    }
    if (candidate.refusalRate > active.refusalRate) {
      reasons.push(
        `refusal rate ${pct(candidate.refusalRate)} is above the active version's ${pct(active.refusalRate)}`,
      );
    }
  }
  return { promote: reasons.length === 0, reasons };
}

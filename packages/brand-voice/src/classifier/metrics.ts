/** Share of predictions equal to the gold label (0 for an empty list). */
export function accuracy(gold: readonly string[], predicted: readonly string[]): number {
  if (gold.length === 0) return 0;
  let correct = 0;
  gold.forEach((label, i) => {
    if (predicted[i] === label) correct++;
  });
  return correct / gold.length;
}

/**
 * Unweighted mean of per-class F1 over every label that occurs in `gold` or `predicted` (as
 * scikit-learn's `f1_score(average='macro')`); a class with no true positives scores 0.
 */
export function macroF1(gold: readonly string[], predicted: readonly string[]): number {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const entry = (label: string) => {
    let c = counts.get(label);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0 };
      counts.set(label, c);
    }
    return c;
  };
  gold.forEach((label, i) => {
    const guess = predicted[i] ?? '';
    if (guess === label) entry(label).tp++;
    else {
      entry(label).fn++;
      entry(guess).fp++;
    }
  });
  if (counts.size === 0) return 0;
  let sum = 0;
  for (const { tp, fp, fn } of counts.values()) sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return sum / counts.size;
}

/**
 * Expected calibration error with equal-width confidence bins: the weighted mean gap between
 * average confidence and accuracy inside each bin. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(
  items: ReadonlyArray<{ confidence: number; correct: boolean }>,
  bins = 10,
): number {
  if (items.length === 0) return 0;
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (const item of items) {
    const b = Math.min(Math.floor(item.confidence * bins), bins - 1);
    confidence[b] = confidence[b]! + item.confidence;
    correct[b] = correct[b]! + (item.correct ? 1 : 0);
    count[b] = count[b]! + 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    ece += Math.abs(confidence[b]! - correct[b]!) / items.length;
  }
  return ece;
}

import { seededRandom, shuffleInPlace } from '@switchboard/text';

/**
 * Stratified train/validation split of row indices: each class sends `fraction` of its rows
 * (rounded) to validation but always keeps at least one row for training, so tiny classes are
 * never unlearnable. Deterministic for a given seed.
 */
export function stratifiedSplit(input: {
  targets: Int32Array;
  classCount: number;
  fraction: number;
  seed: number;
}): { train: Int32Array; validation: Int32Array } {
  const random = seededRandom(input.seed);
  const byClass: number[][] = Array.from({ length: input.classCount }, () => []);
  input.targets.forEach((target, row) => {
    byClass[target]!.push(row);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of byClass) {
    shuffleInPlace(rows, random);
    const held = Math.min(Math.round(rows.length * input.fraction), rows.length - 1);
    validation.push(...rows.slice(0, Math.max(held, 0)));
    train.push(...rows.slice(Math.max(held, 0)));
  }
  const ascending = (a: number, b: number) => a - b;
  return {
    train: Int32Array.from(train.sort(ascending)),
    validation: Int32Array.from(validation.sort(ascending)),
  };
}

import { seededRandom, shuffleInPlace } from '@switchboard/text';

export interface SplitOptions {
  /** @defaultValue 42 */
  seed?: number;
  /** Share of each intent held out for validation. @defaultValue 0.1 */
  validationFraction?: number;
  /**
   * The group of each item (e.g. its near-duplicate family): a group goes wholly to one side, so
   * validation never scores a model on a near copy of a training example. @defaultValue own index
   */
  groupOf?: (index: number) => number;
}

export interface Split {
  train: number[];
  validation: number[];
}

/**
 * Seeded stratified split of item indices by intent. Every intent with at least two groups gets
 * at least one group on each side; an intent with a single group stays in training only (a
 * validation example the model never saw an intent for measures nothing useful).
 */
export function stratifiedSplit(intents: readonly string[], options: SplitOptions = {}): Split {
  const fraction = options.validationFraction ?? 0.1;
  const random = seededRandom(options.seed ?? 42);
  const groupOf = options.groupOf ?? ((i: number) => i);
  const groupsByIntent = new Map<string, Map<number, number[]>>();
  intents.forEach((intent, index) => {
    const groups = groupsByIntent.get(intent) ?? new Map<number, number[]>();
    groupsByIntent.set(intent, groups);
    const group = groupOf(index);
    const members = groups.get(group) ?? [];
    members.push(index);
    groups.set(group, members);
  });
  const split: Split = { train: [], validation: [] };
  // Sorted so the result depends on the seed and the data, not on Map insertion details.
  for (const intent of [...groupsByIntent.keys()].sort()) {
    const groups = [...groupsByIntent.get(intent)!.values()];
    shuffleInPlace(groups, random);
    const held =
      groups.length < 2
        ? 0
        : Math.min(groups.length - 1, Math.max(1, Math.round(groups.length * fraction)));
    groups.forEach((members, i) => {
      (i < held ? split.validation : split.train).push(...members);
    });
  }
  split.train.sort((a, b) => a - b);
  split.validation.sort((a, b) => a - b);
  return split;
}

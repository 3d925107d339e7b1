import type { SourceRead } from './read-sources.ts';
import { type CostEstimate, estimateCost } from './tokens.ts';
import type { DatasetRecord, LineProblem, PiiCounts } from './types.ts';

/** Everything `brand dataset validate` reports; `report.json` of a built dataset holds the same. */
export interface ValidationReport {
  /** True when no line has an error (warnings do not count). */
  ok: boolean;
  counts: {
    /** Lines read (usable or not) over all sources. */
    lines: number;
    errors: number;
    warnings: number;
    /** Examples in the dataset after errors and exact duplicates are left out. */
    examples: number;
    train: number;
    validation: number;
    intents: number;
  };
  /** Findings by code, e.g. `{ near_duplicate: 12 }`. */
  problemCounts: Record<string, number>;
  /** Every finding, by source and line. */
  problems: LineProblem[];
  pii: { counts: PiiCounts; linesScrubbed: number };
  /** Unknown placeholder names and how many lines use each. */
  unknownPlaceholders: Record<string, number>;
  balance: {
    perIntent: Record<string, number>;
    min: number;
    max: number;
    /** max / min; 1 is perfectly balanced. */
    imbalanceRatio: number;
    minimum: number;
    belowMinimum: string[];
  };
  tokens: { total: number; train: number; meanPerExample: number; maxPerExample: number };
  cost: CostEstimate;
  split: {
    seed: number;
    validationFraction: number;
    /** Intents present in training but with no validation example (too few examples). */
    trainOnlyIntents: string[];
  };
}

export interface SummaryInput {
  reads: readonly SourceRead[];
  problems: LineProblem[];
  records: DatasetRecord[];
  train: DatasetRecord[];
  validation: DatasetRecord[];
  exampleTokens: number[];
  trainTokens: number;
  pii: { counts: PiiCounts; lines: number };
  unknownPlaceholders: Record<string, number>;
  minPerIntent: number;
  seed: number;
  validationFraction: number;
  baseModel: string;
  epochs: number;
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  // Keys are intents and placeholder names from the data: null prototype, so "constructor" counts from 0.
  const counts: Record<string, number> = Object.create(null);
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

export function summarise(input: SummaryInput): ValidationReport {
  const problems = [...input.problems].sort(
    (a, b) => a.source.localeCompare(b.source) || a.line - b.line,
  );
  const perIntent = countBy(input.records, (r) => r.intent);
  const sizes = Object.values(perIntent);
  const min = sizes.length ? Math.min(...sizes) : 0;
  const max = sizes.length ? Math.max(...sizes) : 0;
  const validationIntents = new Set(input.validation.map((r) => r.intent));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const total = input.exampleTokens.reduce((sum, n) => sum + n, 0);
  return {
    ok: errors === 0,
    counts: {
      lines: input.reads.reduce((n, r) => n + r.records.length + r.problems.length, 0),
      errors,
      warnings: problems.length - errors,
      examples: input.records.length,
      train: input.train.length,
      validation: input.validation.length,
      intents: sizes.length,
    },
    problemCounts: countBy(problems, (p) => p.code),
    problems,
    pii: { counts: input.pii.counts, linesScrubbed: input.pii.lines },
    unknownPlaceholders: input.unknownPlaceholders,
    balance: {
      perIntent,
      min,
      max,
      imbalanceRatio: min > 0 ? Math.round((max / min) * 100) / 100 : 0,
      minimum: input.minPerIntent,
      belowMinimum: Object.keys(perIntent)
        .filter((intent) => perIntent[intent]! < input.minPerIntent)
        .sort(),
    },
    tokens: {
      total,
      train: input.trainTokens,
      meanPerExample: input.records.length ? Math.round(total / input.records.length) : 0,
      maxPerExample: input.exampleTokens.length ? Math.max(...input.exampleTokens) : 0,
    },
    cost: estimateCost(input.trainTokens, input.baseModel, input.epochs),
    split: {
      seed: input.seed,
      validationFraction: input.validationFraction,
      trainOnlyIntents: Object.keys(perIntent)
        .filter((intent) => !validationIntents.has(intent))
        .sort(),
    },
  };
}

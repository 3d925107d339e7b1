import { addCounts, scrubApprovedReply, scrubPii, totalPii } from '@switchboard/brand-voice';
import { findDuplicates } from './duplicates.ts';
import { checkPlaceholders, factNames } from './placeholder-check.ts';
import type { SourceRead } from './read-sources.ts';
import { summarise, type ValidationReport } from './report.ts';
import { stratifiedSplit } from './split.ts';
import { chatTokens, countTokens, DEFAULT_BASE_MODEL, DEFAULT_EPOCHS } from './tokens.ts';
import {
  answerOf,
  type DatasetRecord,
  emptyPiiCounts,
  type LineProblem,
  questionOf,
  type RecordOrigin,
} from './types.ts';

export interface ValidateOptions {
  /** Company facts: their names are valid placeholders, their e-mail/phone values are not PII. */
  companyFacts?: Readonly<Record<string, string>>;
  /** The brand system prompt added on export; counted in the token totals. */
  systemPrompt?: string;
  /** A turn longer than this many tokens is an error. @defaultValue 4096 */
  maxTurnTokens?: number;
  /** Intents with fewer examples are flagged. @defaultValue 10 */
  minPerIntent?: number;
  /** @defaultValue 0.9 */
  nearDuplicateThreshold?: number;
  /** @defaultValue 42 */
  seed?: number;
  /** @defaultValue 0.1 */
  validationFraction?: number;
  /** For the cost estimate. @defaultValue gpt-4o-mini-2024-07-18, 3 epochs */
  baseModel?: string;
  epochs?: number;
}

export interface ValidatedDataset {
  report: ValidationReport;
  /** Usable records (PII scrubbed, exact duplicates removed), in source order. */
  records: DatasetRecord[];
  train: DatasetRecord[];
  validation: DatasetRecord[];
}

const where = (origin: RecordOrigin): RecordOrigin => ({
  source: origin.source,
  line: origin.line,
  ...(origin.ref ? { ref: origin.ref } : {}),
});

/**
 * Validates records read from one or more sources, in one pass over all of them (duplicates
 * across files count). Every problem names its source and line; errors exclude the line,
 * warnings keep it, and nothing is dropped without a line in the report.
 */
export function validateDataset(
  reads: readonly SourceRead[],
  options: ValidateOptions = {},
): ValidatedDataset {
  const problems: LineProblem[] = reads.flatMap((r) => r.problems);
  const facts = factNames(options.companyFacts ?? {});
  const maxTurnTokens = options.maxTurnTokens ?? 4096;
  const piiCounts = emptyPiiCounts();
  // Placeholder names come from the data: null prototype, so `{{constructor}}` counts from 0.
  const unknownPlaceholders: Record<string, number> = Object.create(null);
  let piiLines = 0;

  const usable: DatasetRecord[] = [];
  for (const record of reads.flatMap((r) => r.records)) {
    const at = where(record.origin);
    const lineCounts = emptyPiiCounts();
    const messages = record.messages.map((m) => {
      // Approved replies get the same scrubbing as the brand voice trains on (references and
      // amounts from the conversation too); customer turns only lose their personal data.
      const scrub = m.role === 'assistant' ? scrubApprovedReply : scrubPii;
      const scrubbed = scrub(m.content, { companyFacts: options.companyFacts ?? {} });
      addCounts(lineCounts, scrubbed.counts);
      return { role: m.role, content: scrubbed.text };
    });
    if (totalPii(lineCounts) > 0) piiLines++;
    addCounts(piiCounts, lineCounts);
    const errors: Array<Pick<LineProblem, 'code' | 'reason'>> = [];
    for (const [i, m] of messages.entries()) {
      const tokens = countTokens(m.content);
      if (tokens > maxTurnTokens)
        errors.push({
          code: 'too_long',
          reason: `message ${i} (${m.role}) has ${tokens} tokens; the limit is ${maxTurnTokens}`,
        });
      if (m.role !== 'assistant') continue;
      const check = checkPlaceholders(m.content, facts);
      for (const reason of check.errors) errors.push({ code: 'placeholder_syntax', reason });
      for (const name of check.unknown)
        unknownPlaceholders[name] = (unknownPlaceholders[name] ?? 0) + 1;
      if (check.unknown.length > 0)
        problems.push({
          ...at,
          severity: 'warning',
          code: 'unknown_placeholder',
          reason: `unknown placeholder(s) ${check.unknown.map((n) => `{{${n}}}`).join(', ')}: no company fact or fallback wording; serving removes the clause holding them`,
        });
    }
    if (errors.length > 0) {
      for (const e of errors) problems.push({ ...at, severity: 'error', ...e });
      continue;
    }
    usable.push({ ...record, messages });
  }

  const pairs = usable.map((r) => ({ question: questionOf(r), answer: answerOf(r) }));
  const dupes = findDuplicates(pairs, {
    ...(options.nearDuplicateThreshold ? { threshold: options.nearDuplicateThreshold } : {}),
  });
  const records: DatasetRecord[] = [];
  const groupOfUsable = new Map<number, number>();
  const keptIndexOf = new Map<number, number>();
  const intentByQuestion = new Map<string, { intent: string; origin: RecordOrigin }>();
  usable.forEach((record, i) => {
    const at = where(record.origin);
    const exact = dupes.exact.get(i);
    if (exact) {
      const first = usable[exact.of]!.origin;
      problems.push({
        ...at,
        severity: 'warning',
        code: 'duplicate',
        reason: `exact duplicate of ${first.source === at.source ? '' : `${first.source} `}line ${first.line}; left out of the dataset`,
      });
      return;
    }
    const near = dupes.near.get(i);
    if (near) {
      const other = usable[near.of]!;
      groupOfUsable.set(i, groupOfUsable.get(near.of) ?? near.of);
      problems.push({
        ...at,
        severity: 'warning',
        code: 'near_duplicate',
        reason: `near duplicate (similarity ${near.similarity.toFixed(2)}) of ${other.origin.source === at.source ? '' : `${other.origin.source} `}line ${other.origin.line}${other.intent === record.intent ? '' : ` labelled "${other.intent}" (this line: "${record.intent}")`}; kept, on the same side of the split`,
      });
    } else groupOfUsable.set(i, i);
    const question = pairs[i]!.question.trim().toLowerCase();
    const seen = intentByQuestion.get(question);
    if (seen && seen.intent !== record.intent)
      problems.push({
        ...at,
        severity: 'warning',
        code: 'conflicting_intent',
        reason: `the same question is labelled "${seen.intent}" on ${seen.origin.source === at.source ? '' : `${seen.origin.source} `}line ${seen.origin.line} and "${record.intent}" here`,
      });
    else if (!seen)
      intentByQuestion.set(question, { intent: record.intent, origin: record.origin });
    keptIndexOf.set(i, records.length);
    records.push(record);
  });
  // Near-duplicate families share a group so the split keeps them together.
  const groups = [...keptIndexOf.keys()].map((i) => keptIndexOf.get(groupOfUsable.get(i)!) ?? 0);
  const split = stratifiedSplit(
    records.map((r) => r.intent),
    {
      seed: options.seed ?? 42,
      validationFraction: options.validationFraction ?? 0.1,
      groupOf: (i) => groups[i]!,
    },
  );
  const systemTokens = options.systemPrompt ? countTokens(options.systemPrompt) : 0;
  const exampleTokens = records.map((r) => chatTokens(r.messages, systemTokens));
  const train = split.train.map((i) => records[i]!);
  const validation = split.validation.map((i) => records[i]!);
  const report = summarise({
    reads,
    problems,
    records,
    train,
    validation,
    exampleTokens,
    trainTokens: split.train.reduce((sum, i) => sum + exampleTokens[i]!, 0),
    pii: { counts: piiCounts, lines: piiLines },
    unknownPlaceholders,
    minPerIntent: options.minPerIntent ?? 10,
    seed: options.seed ?? 42,
    validationFraction: options.validationFraction ?? 0.1,
    baseModel: options.baseModel ?? DEFAULT_BASE_MODEL,
    epochs: options.epochs ?? DEFAULT_EPOCHS,
  });
  return { report, records, train, validation };
}

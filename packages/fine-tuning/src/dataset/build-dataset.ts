import { mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { type BrandProfile, brandSystemPrompt } from './brand-profile.ts';
import { jsonl, toChatLine, toInstructionLine, toOpenAiLine } from './export-formats.ts';
import { readDatasetFile, type SourceRead } from './read-sources.ts';
import type { ValidationReport } from './report.ts';
import type { ChatTurn, DatasetRecord } from './types.ts';
import { type ValidateOptions, validateDataset } from './validate-dataset.ts';

/** A question/answer pair from somewhere other than a file (reviewed harvest candidates). */
export interface ExampleInput {
  question: string;
  answer: string;
  intent?: string;
  /** Shown in problems instead of a line number's meaning, e.g. the candidate id. */
  ref?: string;
}

export type DatasetSource =
  | { kind: 'file'; path: string }
  | { kind: 'examples'; name: string; examples: readonly ExampleInput[] };

export interface BuildDatasetOptions
  extends Omit<ValidateOptions, 'companyFacts' | 'systemPrompt'> {
  sources: readonly DatasetSource[];
  /** Datasets go to `<outDir>/<hash>/`; usually `<dataDir>/datasets`. */
  outDir: string;
  profile: BrandProfile;
  /** Build even when lines have errors (they are left out and listed). @defaultValue false */
  allowErrors?: boolean;
  /** Intent for examples given without one. @defaultValue 'harvested' */
  defaultIntent?: string;
}

export interface BuiltDataset {
  /** Content hash of the dataset (examples, split, system prompt): its identity in the registry. */
  hash: string;
  dir: string;
  paths: {
    train: string;
    validation: string;
    openaiTrain: string;
    openaiValidation: string;
    instruction: string;
    instructionValidation: string;
    report: string;
  };
  report: ValidationReport;
  systemPrompt: string;
}

function readExamples(
  name: string,
  examples: readonly ExampleInput[],
  defaultIntent: string,
): SourceRead {
  return {
    problems: [],
    records: examples.map((e, i) => ({
      origin: { source: name, line: i + 1, ...(e.ref ? { ref: e.ref } : {}) },
      messages: [
        { role: 'user', content: e.question.trim() },
        { role: 'assistant', content: e.answer.trim() },
      ] satisfies ChatTurn[],
      intent: e.intent?.trim() || defaultIntent,
    })),
  };
}

const datasetHash = (train: DatasetRecord[], validation: DatasetRecord[], prompt: string) =>
  sha256(
    JSON.stringify({
      prompt,
      train: train.map((r) => [r.messages, r.intent]),
      validation: validation.map((r) => [r.messages, r.intent]),
    }),
  ).slice(0, 16);

/**
 * Reads and validates every source, then writes the split in three formats under
 * `<outDir>/<hash>/`: the chat JSONL the local trainer reads, OpenAI's fine-tuning JSONL with the
 * brand system prompt, and instruction/response JSONL for open-model trainers, plus report.json.
 * Lines with errors stop the build unless `allowErrors` (they are then left out and listed).
 */
export async function buildDataset(options: BuildDatasetOptions): Promise<BuiltDataset> {
  const reads: SourceRead[] = [];
  for (const source of options.sources) {
    reads.push(
      source.kind === 'file'
        ? await readDatasetFile(source.path)
        : readExamples(source.name, source.examples, options.defaultIntent ?? 'harvested'),
    );
  }
  const systemPrompt = brandSystemPrompt(options.profile);
  const { report, train, validation } = validateDataset(reads, {
    ...options,
    companyFacts: options.profile.facts,
    systemPrompt,
  });
  if (!report.ok && !options.allowErrors) {
    throw new SwitchboardError(
      'DATA_INVALID',
      `The dataset has ${report.counts.errors} line(s) with errors; fix them (see \`brand dataset validate\`) or build with --allow-errors to leave them out.`,
      { details: { errors: report.problems.filter((p) => p.severity === 'error').slice(0, 20) } },
    );
  }
  if (train.length === 0)
    throw new SwitchboardError('DATA_INVALID', 'No usable training examples in the sources.');
  const hash = datasetHash(train, validation, systemPrompt);
  const dir = join(options.outDir, hash);
  const files = {
    train: jsonl(train.map(toChatLine)),
    validation: jsonl(validation.map(toChatLine)),
    'openai-train': jsonl(train.map((r) => toOpenAiLine(r, systemPrompt))),
    'openai-validation': jsonl(validation.map((r) => toOpenAiLine(r, systemPrompt))),
    instruction: jsonl(train.map(toInstructionLine)),
    'instruction-validation': jsonl(validation.map(toInstructionLine)),
  };
  // Written to a temporary folder and renamed, so a dataset folder is complete or absent.
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  for (const [name, content] of Object.entries(files))
    await writeFile(join(tmp, `${name}.jsonl`), content);
  await writeFile(
    join(tmp, 'report.json'),
    `${JSON.stringify({ hash, systemPrompt, ...report }, null, 2)}\n`,
  );
  try {
    await rename(tmp, dir);
  } catch {
    // Same hash, same examples: the folder exists already (a job may be reading it), so keep
    // its files and refresh only the report (line numbers may differ between sources).
    await rename(join(tmp, 'report.json'), join(dir, 'report.json'));
    await rm(tmp, { recursive: true, force: true });
    // "The newest dataset" is found by its train split's time: this build is the newest.
    const now = new Date();
    await utimes(join(dir, 'train.jsonl'), now, now);
  }
  const path = (name: string) => join(dir, name);
  return {
    hash,
    dir,
    systemPrompt,
    report,
    paths: {
      train: path('train.jsonl'),
      validation: path('validation.jsonl'),
      openaiTrain: path('openai-train.jsonl'),
      openaiValidation: path('openai-validation.jsonl'),
      instruction: path('instruction.jsonl'),
      instructionValidation: path('instruction-validation.jsonl'),
      report: path('report.json'),
    },
  };
}

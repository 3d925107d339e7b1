import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import {
  evaluateBrandModel,
  readValidationSplit,
  validationPathOf,
} from '@switchboard/fine-tuning';
import { type CommandArgs, formatNumber, UsageError } from '../output.ts';
import { type BrandCliContext, withBrandContext } from './brand-context.ts';

/**
 * `switchboard brand eval <version> [--dataset DIR] [--json]`: the gate's metrics of one version
 * on its validation split (or on DIR/validation.jsonl).
 */
export async function brandEvalCommand(
  args: CommandArgs,
  context?: BrandCliContext,
): Promise<void> {
  if (!context) return withBrandContext((opened) => brandEvalCommand(args, opened));
  const [name] = args.positionals;
  if (!name)
    throw new UsageError('usage: switchboard brand eval <version> [--dataset DIR] [--json]');
  const version = await context.registry.require(name);
  const dataset = typeof args.values.dataset === 'string' ? args.values.dataset : undefined;
  const split = dataset
    ? join(dataset, 'validation.jsonl')
    : validationPathOf(version, context.dataDir);
  if (!(await stat(split).catch(() => null))?.isFile())
    throw new SwitchboardError(
      'NOT_FOUND',
      `${version.version} has no validation split at ${split}${version.base && !version.validationPath ? ' (a base version with no held-out split: the data had too few examples per intent, or it predates base splits)' : ''}: pass --dataset DIR (a dataset \`brand dataset build\` wrote)`,
    );
  const examples = await readValidationSplit(split);
  const model = await context.load(version);
  // A counter redrawn with `\r` only on a terminal, never with --json.
  const counter = args.values.json !== true && context.err.isTTY === true;
  const metrics = await evaluateBrandModel(model, examples, {
    profile: context.profile,
    onProgress: (done, total) => {
      if (counter && (done === total || done % 50 === 0))
        context.err.write(`\revaluating ${done}/${total}`);
    },
  });
  if (counter) context.err.write('\n');
  const result: Record<string, string | number> = {
    version: version.version,
    model: model.id,
    validation_split: split,
    examples: metrics.n,
    intent_accuracy: metrics.intentAccuracy,
    rouge_l: metrics.rougeL,
    placeholder_leakage: metrics.placeholderLeakage,
    refusal_rate: metrics.refusalRate,
  };
  if (args.values.json === true) {
    context.out.write(`${JSON.stringify(result)}\n`);
    return;
  }
  for (const [key, value] of Object.entries(result)) {
    context.out.write(
      `${key.padEnd(20)}  ${typeof value === 'number' ? formatNumber(value) : value}\n`,
    );
  }
}

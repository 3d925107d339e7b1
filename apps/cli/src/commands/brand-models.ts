import type { BrandEvalMetrics } from '@switchboard/core';
import type { RegisteredVersion } from '@switchboard/fine-tuning';
import { type CommandArgs, formatNumber, UsageError } from '../output.ts';
import { type BrandCliContext, withBrandContext } from './brand-context.ts';
import { registerModelCommand } from './brand-register.ts';

/** `accuracy 0.9123  rouge-L 0.6012  leakage 0  refusals 0.0100  (n=120)`. */
export function metricsLine(m: BrandEvalMetrics | undefined): string {
  if (!m) return 'no metrics';
  return `accuracy ${formatNumber(m.intentAccuracy)}  rouge-L ${formatNumber(m.rougeL)}  leakage ${formatNumber(m.placeholderLeakage)}  refusals ${formatNumber(m.refusalRate)}  (n=${m.n})`;
}

function listLine(v: RegisteredVersion): string {
  const created = new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' ');
  const marks = [v.base ? 'base' : '', v.error ? `error: ${v.error}` : ''].filter(Boolean);
  return [
    v.version.padEnd(5),
    v.state.padEnd(9),
    v.provider.padEnd(8),
    created,
    `dataset ${v.datasetHash.slice(0, 12)}`,
    metricsLine(v.metrics),
    ...marks,
  ].join('  ');
}

async function list(context: BrandCliContext, json: boolean): Promise<void> {
  const versions = await context.registry.list();
  if (json) {
    context.out.write(`${JSON.stringify(versions)}\n`);
    return;
  }
  if (versions.length === 0) {
    context.out.write('no model versions yet: start the server once, or run `brand train`\n');
    return;
  }
  for (const v of versions) context.out.write(`${listLine(v)}\n`);
}

/** `switchboard brand models list|promote|rollback`. */
export async function brandModelsCommand(
  args: CommandArgs,
  context?: BrandCliContext,
): Promise<void> {
  if (!context) return withBrandContext((opened) => brandModelsCommand(args, opened));
  const [action, version] = args.positionals;
  const json = args.values.json === true;
  switch (action) {
    case 'list':
      return list(context, json);
    case 'promote': {
      if (!version) throw new UsageError('brand models promote needs a version (e.g. v3)');
      const force = args.values.force === true;
      const result = await context.registry.promote(version, { force, by: context.actor });
      if (json) {
        context.out.write(`${JSON.stringify(result)}\n`);
        return;
      }
      context.out.write(
        `${version} is active (was ${result.previous ?? 'none'})${result.forced ? ' — forced' : ''}\n`,
      );
      context.out.write(`  candidate  ${metricsLine(result.version.metrics)}\n`);
      if (result.compared) context.out.write(`  previous   ${metricsLine(result.compared)}\n`);
      for (const reason of result.reasons) context.out.write(`  gate would refuse: ${reason}\n`);
      return;
    }
    case 'register':
      return registerModelCommand(args, context);
    case 'rollback': {
      if (!version) throw new UsageError('brand models rollback needs a version (e.g. v1)');
      const previous = (await context.registry.active())?.version ?? 'none';
      const restored = await context.registry.rollback(version, { by: context.actor });
      context.out.write(
        json
          ? `${JSON.stringify(restored)}\n`
          : `${version} is active again; ${previous} is retired\n`,
      );
      return;
    }
    default:
      throw new UsageError(
        'usage: switchboard brand models list|promote <version> [--force]|rollback <version>|register --provider P --model M --base-url URL',
      );
  }
}

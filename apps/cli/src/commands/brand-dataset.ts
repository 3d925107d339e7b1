import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/core';
import {
  type BrandProfile,
  brandSystemPrompt,
  buildDataset,
  type DatasetSource,
  formatReport,
  harvestKeyPrefix,
  loadBrandProfile,
  RedisHarvestStore,
  readDatasetFile,
  type ValidationReport,
  validateDataset,
} from '@switchboard/fine-tuning';
import { Redis } from 'ioredis';
import { type CommandArgs, UsageError } from '../output.ts';

const USAGE = `usage: switchboard brand dataset build [--from FILE [FILE ...]] [--include-harvested] [--out DIR] [--seed N] [--allow-errors] [--json]
       switchboard brand dataset validate FILE [--json]
       switchboard brand dataset stats FILE [--json]`;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function seedOf(values: CommandArgs['values']): number {
  if (values.seed === undefined) return 42;
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  return seed;
}

/** Lines with errors fail the command (exit 1) after the report is printed; warnings do not. */
function failOnErrors(report: ValidationReport): void {
  if (report.ok) return;
  throw new SwitchboardError(
    'DATA_INVALID',
    `${report.counts.errors} line(s) have errors (listed above); warnings alone do not fail validation.`,
  );
}

async function validateFile(file: string, profile: BrandProfile, seed: number) {
  return validateDataset([await readDatasetFile(file)], {
    companyFacts: profile.facts,
    systemPrompt: brandSystemPrompt(profile),
    seed,
  });
}

/** Accepted harvest candidates, read from the configured Redis. */
async function harvestedSource(redisUrl: string, redisPrefix: string): Promise<DatasetSource> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    const store = new RedisHarvestStore({ redis, prefix: harvestKeyPrefix(redisPrefix) });
    const accepted = await store.accepted();
    return {
      kind: 'examples',
      name: 'harvest',
      examples: accepted.map((c) => ({
        question: c.question,
        answer: c.answer,
        ref: c.id,
        ...(c.intent ? { intent: c.intent } : {}),
      })),
    };
  } finally {
    redis.disconnect();
  }
}

function printStats(report: ValidationReport, json: boolean): void {
  const stats = {
    examples: report.counts.examples,
    intents: report.balance.perIntent,
    balance: {
      min: report.balance.min,
      max: report.balance.max,
      ratio: report.balance.imbalanceRatio,
    },
    tokens: report.tokens,
    cost: report.cost,
    pii: report.pii.counts,
    problems: report.problemCounts,
  };
  if (json) {
    say(JSON.stringify(stats));
    return;
  }
  say(
    `${stats.examples} examples, ${report.counts.intents} intents, ${report.tokens.total} tokens`,
  );
  say(
    `cost estimate: ${report.cost.usd === null ? 'unknown' : `$${report.cost.usd.toFixed(2)}`} (${report.cost.assumption})`,
  );
  const width = Math.max(0, ...Object.keys(stats.intents).map((i) => i.length));
  for (const [intent, n] of Object.entries(stats.intents).sort((a, b) => b[1] - a[1]))
    say(`  ${intent.padEnd(width)}  ${n}`);
}

/** `switchboard brand dataset build|validate|stats`. */
export async function brandDatasetCommand({ positionals, values }: CommandArgs): Promise<void> {
  const [action, ...files] = positionals;
  const json = values.json === true;
  const config = loadConfig();
  const profile = await loadBrandProfile(config.companyProfilePath, config.companyName);
  const seed = seedOf(values);
  switch (action) {
    case 'validate':
    case 'stats': {
      const [file] = files;
      if (!file || files.length > 1) throw new UsageError(USAGE);
      const { report } = await validateFile(file, profile, seed);
      if (action === 'stats') return printStats(report, json);
      say(json ? JSON.stringify(report) : formatReport(report));
      return failOnErrors(report);
    }
    case 'build': {
      const from = [
        ...(typeof values.from === 'string' ? values.from.split(',') : []),
        ...files,
      ].filter(Boolean);
      const sources: DatasetSource[] = (from.length ? from : [config.brandDataPath]).map(
        (path) => ({
          kind: 'file',
          path,
        }),
      );
      if (values['include-harvested'] === true)
        sources.push(await harvestedSource(config.redis.url, config.redis.prefix));
      const built = await buildDataset({
        sources,
        outDir: typeof values.out === 'string' ? values.out : join(config.dataDir, 'datasets'),
        profile,
        seed,
        allowErrors: values['allow-errors'] === true,
      });
      if (json)
        return say(
          JSON.stringify({
            hash: built.hash,
            dir: built.dir,
            paths: built.paths,
            report: built.report,
          }),
        );
      say(formatReport(built.report, { perCode: 5 }));
      say('');
      say(`dataset ${built.hash} written to ${built.dir}`);
      for (const [name, path] of Object.entries(built.paths)) say(`  ${name.padEnd(22)} ${path}`);
      say(`next: switchboard brand train --local  (or --openai) on dataset ${built.hash}`);
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

import { parseArgs } from 'node:util';
import { describeError } from '@switchboard/core';
import { askCommand } from './commands/ask.ts';
import { brandCommand } from './commands/brand.ts';
import { dataCommand } from './commands/data.ts';
import { evalCommand } from './commands/eval.ts';
import { ingestCommand } from './commands/ingest.ts';
import { sourcesCommand } from './commands/sources.ts';
import { statusCommand } from './commands/status.ts';
import { syncCommand } from './commands/sync.ts';
import { teamsCommand } from './commands/teams.ts';
import { trainCommand } from './commands/train.ts';
import { type CommandArgs, UsageError } from './output.ts';

const USAGE = `Usage: switchboard <command> [options]

  ask "<question>" [--conversation ID] [--json]     answer one question (route, confidence, citations)
  ingest <folder|corpus.jsonl> [--source NAME] [--json]
                                                     add or update documents in the knowledge index
  train brand-voice --data <file> [--json]          train the offline brand-voice model
  eval intents --train F --test F [--oos-label L] [--json]
                                                     intent accuracy, macro-F1, OOS metrics
                                                     (L: the out-of-scope label, default oos)
  eval retrieval --corpus F --questions F [--json]  hit@k, MRR@10, nDCG@10, latency
  eval routing --brand-data F --corpus F --test F [--json]
                                                     route accuracy and confusion matrix
  eval hybrid --mix F --corpus F --brand-data F [--profile F] [--data-dir D] [--redis-url U]
              [--history replay|seed] [--outcomes F] [--json]
                                                     the whole assistant on a labelled mix:
                                                     confusion, recall/precision, gold cited
                                                     first, docs gaps, follow-ups, latency
  sources list [--json]                             the sync sources (kind, origin, target, paused)
  sources add <name> --kind directory --root DIR    add a source; also --kind jsonl --path FILE,
                                                     --kind web --sitemap URL | --start-url U1,U2
  sources remove <name> [--wait] [--json]           remove a source added at run time and purge
                                                     its documents (a removal run in its history)
  sources pause|resume <name>                       stop/restart scheduled and change-triggered runs
  sync <source> [--full|--failed-only] [--wait] [--json]
                                                     start (or join) a sync run; --wait shows progress
  status [--json]                                   sync queue counts and active run per source
  data export --conversation ID | --user ID [--out FILE]
                                                     one customer's conversations, feedback and
                                                     docs gaps as JSON (user: identified widget user)
  data delete --conversation ID | --user ID [--json]
                                                     erase that data; prints what was removed
  brand dataset build [--from FILE [FILE ...]] [--include-harvested] [--out DIR] [--allow-errors]
                                                     validate, scrub PII, split and export a dataset
  brand dataset validate FILE [--json]              per-line problems, PII, balance, tokens, cost
  brand dataset stats FILE [--json]                 examples per intent, tokens, cost estimate
  brand train --local [--dataset DIR] [--wait] [--json]
                                                     train the offline model on a built dataset
                                                     (a candidate version with validation metrics)
  brand train --openai [--base-model M] [--suffix S] [--dataset DIR] [--wait] [--json]
                                                     fine-tune on OpenAI (FINE_TUNE_BASE_URL, OPENAI_API_KEY);
                                                     --wait prints the remote job's events and metrics
  brand train --cancel <version>                    stop a training run (cancels the remote job)
  brand models list [--json]                        model versions, states and metrics
  brand models promote <version> [--force]          make a candidate active (evaluation gate)
  brand models rollback <version>                   make an earlier version active again
  brand models register --provider openai-compatible|ollama --model NAME --base-url URL [--dataset DIR]
                                                     register a self-hosted model (vLLM/Ollama adapter)
                                                     as a candidate and print its validation metrics
  brand eval <version> [--dataset DIR] [--json]     a version's metrics on a validation split
  teams package [--out FILE] [--app-version X.Y.Z] [--json]
                                                     the Teams app zip (manifest from MICROSOFT_APP_ID,
                                                     PUBLIC_URL; checked against Microsoft's schema)

Configuration comes from the environment (see README).`;

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      conversation: { type: 'string' },
      user: { type: 'string' },
      data: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      corpus: { type: 'string' },
      questions: { type: 'string' },
      'brand-data': { type: 'string' },
      mix: { type: 'string' },
      profile: { type: 'string' },
      'data-dir': { type: 'string' },
      'redis-url': { type: 'string' },
      history: { type: 'string' },
      outcomes: { type: 'string' },
      'oos-label': { type: 'string' },
      seed: { type: 'string' },
      source: { type: 'string' },
      kind: { type: 'string' },
      root: { type: 'string' },
      path: { type: 'string' },
      sitemap: { type: 'string' },
      'start-url': { type: 'string' },
      full: { type: 'boolean', default: false },
      'failed-only': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      dataset: { type: 'string' },
      local: { type: 'boolean', default: false },
      openai: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      from: { type: 'string' },
      out: { type: 'string' },
      'include-harvested': { type: 'boolean', default: false },
      'allow-errors': { type: 'boolean', default: false },
      'base-model': { type: 'string' },
      suffix: { type: 'string' },
      cancel: { type: 'string' },
      provider: { type: 'string' },
      model: { type: 'string' },
      'base-url': { type: 'string' },
      'app-version': { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args: CommandArgs = { positionals: rest, values };
  switch (command) {
    case 'ask':
      return askCommand(args);
    case 'ingest':
      return ingestCommand(args);
    case 'train':
      return trainCommand(args);
    case 'eval':
      return evalCommand(args);
    case 'sources':
      return sourcesCommand(args);
    case 'sync':
      return syncCommand(args);
    case 'status':
      return statusCommand(args);
    case 'data':
      return dataCommand(args);
    case 'brand':
      return brandCommand(args);
    case 'teams':
      return teamsCommand(args);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`switchboard: ${(err as Error).message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    const message = describeError(err);
    process.stderr.write(`switchboard: ${message}\n`);
    process.exit(1);
  },
);

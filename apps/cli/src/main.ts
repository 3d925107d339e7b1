import { parseArgs } from 'node:util';
import { isSwitchboardError } from '@switchboard/core';
import { askCommand } from './commands/ask.ts';
import { evalCommand } from './commands/eval.ts';
import { ingestCommand } from './commands/ingest.ts';
import { trainCommand } from './commands/train.ts';
import { type CommandArgs, UsageError } from './output.ts';

const USAGE = `Usage: switchboard <command> [options]

  ask "<question>" [--conversation ID] [--json]     answer one question (route, confidence, citations)
  ingest <folder|corpus.jsonl> [--source NAME] [--json]
                                                     add or update documents in the knowledge index
  train brand-voice --data <file> [--json]          train the offline brand-voice model
  eval intents --train F --test F [--json]          intent accuracy, macro-F1, OOS metrics
  eval retrieval --corpus F --questions F [--json]  hit@k, MRR@10, nDCG@10, latency
  eval routing --brand-data F --corpus F --test F [--json]
                                                     route accuracy and confusion matrix

Configuration comes from the environment (see README).`;

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      conversation: { type: 'string' },
      data: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      corpus: { type: 'string' },
      questions: { type: 'string' },
      'brand-data': { type: 'string' },
      seed: { type: 'string' },
      source: { type: 'string' },
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
    const message = isSwitchboardError(err)
      ? `${err.code}: ${err.message}`
      : err instanceof Error
        ? (err.stack ?? err.message)
        : String(err);
    process.stderr.write(`switchboard: ${message}\n`);
    process.exit(1);
  },
);

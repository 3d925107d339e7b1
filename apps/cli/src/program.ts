import { Command, Option } from 'commander';
import type { CommandArgs } from './output.ts';
import { UsageError } from './usage-error.ts';

/**
 * The `switchboard` command tree. Only commander is loaded to build it: every action imports its
 * command's module when it runs, so `--help` and a mistyped option never load the runtime, the
 * index, Redis clients or the evaluation code (see `cli-fast-help.test.ts`).
 */

/** A command's own options as the command modules read them: `--brand-data` → `brand-data`. */
function valuesOf(command: Command): CommandArgs['values'] {
  const parsed = command.opts();
  const values: CommandArgs['values'] = {};
  for (const option of command.options) {
    const value = parsed[option.attributeName()];
    if (option.long && (typeof value === 'string' || typeof value === 'boolean'))
      values[option.long.slice(2)] = value;
  }
  return values;
}

/** Runs `run` with the command's positionals (`words`) and options. */
const args = (command: Command, words: string[]): CommandArgs => ({
  positionals: words,
  values: valuesOf(command),
});

const json = () => new Option('--json', 'print the result as one JSON document');
const wait = (what: string) => new Option('--wait', `wait for ${what} and print its summary`);

/**
 * A command that only groups others: called alone or with an unknown word, it says which
 * commands it has in one line (commander would print its whole help as an error).
 */
function group(parent: Command, name: string, summary: string): Command {
  const command = parent.command(name).summary(summary).description(summary);
  return command.allowExcessArguments().action(() => {
    const names = command.commands.map((c) => c.name()).join(', ');
    const [word] = command.args;
    throw new UsageError(
      word
        ? `unknown command '${word}' for '${name}' (it has ${names})`
        : `'${name}' needs a command: ${names}`,
    );
  });
}

function knowledgeCommands(program: Command): void {
  program.commandsGroup('Knowledge and answers:');
  program
    .command('ask')
    .summary('answer one question: route, confidence, citations')
    .description(
      'Answer one question as the assistant would, with its route, confidence and citations. ' +
        'With a server running (HOST/PORT or PUBLIC_URL), the server answers it (admin API with ' +
        'SWITCHBOARD_ADMIN_TOKEN, else its /api/chat); otherwise it is answered here from the ' +
        'local index as it is, without starting a sync worker.',
    )
    .argument('<question...>', 'the question (quoted, or its words)')
    .option('--conversation <id>', 'continue this conversation (default: a new one)')
    .addOption(json())
    .action(async (question: string[], _options, command: Command) => {
      const { askCommand } = await import('./commands/ask.ts');
      await askCommand(args(command, question));
    });
  program
    .command('ingest')
    .summary('add or update the documents of a folder or corpus.jsonl')
    .description(
      'Add or update documents in the knowledge index: a folder of Markdown/HTML/text files or a ' +
        'corpus.jsonl ({id, title?, text, url?, metadata?} per line). With a server running, the ' +
        'path becomes a source of the server (kept: `sync <source>` updates it) and its worker ' +
        'syncs it, so the index has one writer; with none, it is written here.',
    )
    .argument('<path>', 'a folder or a corpus.jsonl file')
    .option('--source <name>', 'the source the documents belong to (default: cli:<folder name>)')
    .addOption(json())
    .action(async (path: string, _options, command: Command) => {
      const { ingestCommand } = await import('./commands/ingest.ts');
      await ingestCommand(args(command, [path]));
    });
  // Kept only to say where training went (it wrote a model nothing loaded).
  program
    .command('train', { hidden: true })
    .allowExcessArguments()
    .allowUnknownOption()
    .action(() => {
      throw new UsageError(
        "'train brand-voice' is gone (its model was never used): run `switchboard brand dataset build [--from FILE]` then `switchboard brand train --local --wait`",
        { pointToHelp: false },
      );
    });
}

function syncCommands(program: Command): void {
  program.commandsGroup('Sources and sync:');
  const sources = group(program, 'sources', 'list, add, remove, pause or resume sync sources');
  sources
    .command('list')
    .description('the sources: kind, where they come from, target, state and last run')
    .addOption(json())
    .action(async (_options, command: Command) => {
      const { sourcesCommand } = await import('./commands/sources.ts');
      await sourcesCommand(args(command, ['list']));
    });
  sources
    .command('add')
    .description('add a source at run time (a directory, a JSONL corpus or a web site)')
    .argument('<name>', 'its name (documents are stamped with it)')
    .addOption(
      new Option('--kind <kind>', 'what it is')
        .choices(['directory', 'jsonl', 'web'])
        .makeOptionMandatory(),
    )
    .option('--root <dir>', 'directory: the folder')
    .option('--path <file>', 'jsonl: the corpus file')
    .option('--sitemap <url>', 'web: the sitemap')
    .option('--start-url <urls>', 'web: start URLs, comma-separated')
    .addOption(json())
    .action(async (name: string, _options, command: Command) => {
      const { sourcesCommand } = await import('./commands/sources.ts');
      await sourcesCommand(args(command, ['add', name]));
    });
  sources
    .command('remove')
    .description(
      'remove a source added at run time and purge its documents (a removal run in its history)',
    )
    .argument('<name>')
    .addOption(wait('the removal run'))
    .addOption(json())
    .action(async (name: string, _options, command: Command) => {
      const { sourcesCommand } = await import('./commands/sources.ts');
      await sourcesCommand(args(command, ['remove', name]));
    });
  for (const action of ['pause', 'resume'] as const) {
    sources
      .command(action)
      .description(`${action === 'pause' ? 'stop' : 'restart'} scheduled and change-triggered runs`)
      .argument('<name>')
      .addOption(json())
      .action(async (name: string, _options, command: Command) => {
        const { sourcesCommand } = await import('./commands/sources.ts');
        await sourcesCommand(args(command, [action, name]));
      });
  }
  program
    .command('sync')
    .summary('start (or join) a sync run of a source')
    .description(
      'Start a sync run of a source, or join the one already going. --wait shows its progress ' +
        '(a bar on a terminal) and prints the summary.',
    )
    .argument('<source>')
    .addOption(new Option('--full', 'fetch and re-embed every document').conflicts('failedOnly'))
    .option('--failed-only', 'retry only the documents that failed last time')
    .addOption(wait('the run'))
    .addOption(json())
    .action(async (source: string, _options, command: Command) => {
      const { syncCommand } = await import('./commands/sync.ts');
      await syncCommand(args(command, [source]));
    });
  program
    .command('status')
    .description('sync queue counts; per source its state, the run going now and the last run')
    .addOption(json())
    .action(async (_options, command: Command) => {
      const { statusCommand } = await import('./commands/status.ts');
      await statusCommand(args(command, []));
    });
}

function evalCommands(program: Command): void {
  program.commandsGroup('Evaluation:');
  const evaluate = group(
    program,
    'eval',
    'the numbers we steer by: intents, retrieval, routing, hybrid',
  );
  const run = (kind: string) => async (_options: unknown, command: Command) => {
    const { evalCommand } = await import('./commands/eval.ts');
    await evalCommand(args(command, [kind]));
  };
  evaluate
    .command('intents')
    .description('intent accuracy, macro-F1 and out-of-scope metrics')
    .requiredOption('--train <file>', 'labelled training texts (CSV or JSONL)')
    .requiredOption('--test <file>', 'labelled test texts')
    .option('--oos-label <label>', "the test set's out-of-scope label", 'oos')
    .addOption(json())
    .action(run('intents'));
  evaluate
    .command('retrieval')
    .description('hit@k, MRR@10, nDCG@10 and query latency')
    .requiredOption('--corpus <file>', 'corpus.jsonl')
    .requiredOption('--questions <file>', 'questions.jsonl')
    .addOption(json())
    .action(run('retrieval'));
  evaluate
    .command('routing')
    .description('route accuracy per route and the confusion matrix')
    .requiredOption('--brand-data <file>', 'brand-voice examples')
    .requiredOption('--corpus <path>', 'folder or corpus.jsonl')
    .requiredOption('--test <file>', 'routes.jsonl: {text, route}')
    .addOption(json())
    .action(run('routing'));
  evaluate
    .command('hybrid')
    .description(
      'the whole assistant on a labelled mix: confusion, recall/precision, gold cited first, docs gaps, follow-ups, latency',
    )
    .requiredOption('--mix <file>', 'mix.jsonl')
    .requiredOption('--corpus <path>', 'folder or corpus.jsonl')
    .requiredOption('--brand-data <file>', 'brand-voice examples')
    .option('--profile <file>', 'company profile')
    .option('--data-dir <dir>', 'where its index and models go (default: a temporary folder)')
    .option('--redis-url <url>', 'a Redis of its own')
    .addOption(new Option('--history <mode>', 'follow-up history').choices(['replay', 'seed']))
    .option('--outcomes <file>', 'one JSON line per message: what was asked and answered')
    .addOption(json())
    .action(run('hybrid'));
}

function brandCommands(program: Command): void {
  program.commandsGroup('Brand voice:');
  const brand = group(program, 'brand', 'datasets, training, model versions and their evaluation');
  const dataset = group(brand, 'dataset', 'build, validate or describe a brand-voice dataset');
  const runDataset =
    (action: string) => async (files: string[] | string, _o: unknown, command: Command) => {
      const { brandDatasetCommand } = await import('./commands/brand-dataset.ts');
      await brandDatasetCommand(args(command, [action, ...[files].flat()]));
    };
  const seed = () => new Option('--seed <n>', 'seed of the split and samples').default('42');
  dataset
    .command('build')
    .description('validate, scrub PII, split and export a dataset')
    .argument('[files...]', 'source files (default: BRAND_DATA_PATH)')
    .option('--from <files>', 'source files, comma-separated')
    .option('--include-harvested', 'add the accepted harvested examples')
    .option('--out <dir>', 'where datasets go (default: <data dir>/datasets)')
    .addOption(seed())
    .option('--allow-errors', 'build even when lines have errors (they are left out)')
    .addOption(json())
    .action(runDataset('build'));
  for (const [action, description] of [
    ['validate', 'per-line problems, PII, balance, tokens and cost'],
    ['stats', 'examples per intent, tokens and a cost estimate'],
  ] as const)
    dataset
      .command(action)
      .description(description)
      .argument('<file>')
      .addOption(seed())
      .addOption(json())
      .action(runDataset(action));
  brand
    .command('train')
    .description(
      'train a candidate version on a built dataset: --local (offline model), --openai ' +
        '(fine-tune: FINE_TUNE_BASE_URL, OPENAI_API_KEY), or --cancel a run',
    )
    .addOption(new Option('--local', 'train the offline model').conflicts(['openai', 'cancel']))
    .addOption(new Option('--openai', 'fine-tune on OpenAI').conflicts('cancel'))
    .option('--cancel <version>', 'stop a training run (cancels the remote job)')
    .option('--dataset <dir>', 'a built dataset (default: the newest one)')
    .option('--base-model <model>', 'OpenAI base model')
    .option('--suffix <suffix>', 'OpenAI model-name suffix')
    .addOption(wait('the training job (progress, remote events)'))
    .addOption(json())
    .action(async (_options, command: Command) => {
      const { brandTrainCommand } = await import('./commands/brand-train.ts');
      await brandTrainCommand(args(command, []));
    });
  const models = group(brand, 'models', 'list, promote, roll back or register model versions');
  const runModels =
    (action: string) =>
    async (...params: unknown[]) => {
      const command = params.at(-1) as Command;
      const version = typeof params[0] === 'string' ? [params[0]] : [];
      const { brandModelsCommand } = await import('./commands/brand-models.ts');
      await brandModelsCommand(args(command, [action, ...version]));
    };
  models
    .command('list')
    .description('versions, states and metrics')
    .addOption(json())
    .action(runModels('list'));
  models
    .command('promote')
    .description('make a candidate active (through the evaluation gate)')
    .argument('<version>')
    .option('--force', 'promote even when the gate refuses')
    .addOption(json())
    .action(runModels('promote'));
  models
    .command('rollback')
    .description('make an earlier version active again')
    .argument('<version>')
    .addOption(json())
    .action(runModels('rollback'));
  models
    .command('register')
    .description('register a self-hosted model (vLLM/Ollama adapter) as a candidate and score it')
    .addOption(
      new Option('--provider <provider>', 'how it is served')
        .choices(['openai-compatible', 'ollama', 'openai'])
        .makeOptionMandatory(),
    )
    .requiredOption('--model <name>', 'the served model name')
    .option('--base-url <url>', 'its OpenAI-compatible endpoint')
    .option('--dataset <dir>', 'a built dataset (default: the newest one)')
    .addOption(json())
    .action(runModels('register'));
  brand
    .command('eval')
    .description("a version's metrics on its validation split (or on --dataset DIR)")
    .argument('<version>')
    .option('--dataset <dir>', 'score on DIR/validation.jsonl')
    .addOption(json())
    .action(async (version: string, _options, command: Command) => {
      const { brandEvalCommand } = await import('./commands/brand-eval.ts');
      await brandEvalCommand(args(command, [version]));
    });
}

function operationsCommands(program: Command): void {
  program.commandsGroup('Customer data and channels:');
  const data = group(program, 'data', "export or erase one customer's data");
  for (const [action, description] of [
    ['export', "one customer's conversations, feedback and docs gaps as JSON"],
    ['delete', 'erase that data; prints what was removed'],
  ] as const) {
    const command = data
      .command(action)
      .description(description)
      .addOption(new Option('--conversation <id>', 'one conversation').conflicts('user'))
      .option('--user <id>', "an identified widget user's conversations");
    if (action === 'export')
      command.option('--out <file>', 'write to FILE (mode 600) instead of stdout');
    command.addOption(json()).action(async (_options, self: Command) => {
      const { dataCommand } = await import('./commands/data.ts');
      await dataCommand(args(self, [action]));
    });
  }
  const teams = group(program, 'teams', 'Microsoft Teams app package');
  teams
    .command('package')
    .description(
      "the Teams app zip (manifest from MICROSOFT_APP_ID and PUBLIC_URL, checked against Microsoft's schema)",
    )
    .option('--out <file>', 'where to write it', 'switchboard-teams.zip')
    .option('--app-version <x.y.z>', 'the app version in the manifest')
    .addOption(json())
    .action(async (_options, command: Command) => {
      const { teamsCommand } = await import('./commands/teams.ts');
      await teamsCommand(args(command, ['package']));
    });
}

/** The whole command tree; `main.ts` parses with it. */
export function buildProgram(): Command {
  const program = new Command('switchboard')
    .description('Switchboard: the customer-support assistant, from the command line.')
    .option('--debug', 'print the stack of an unexpected error')
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      '\nConfiguration comes from the environment (see README). Run `switchboard <command> --help` for a command.',
    );
  knowledgeCommands(program);
  syncCommands(program);
  evalCommands(program);
  brandCommands(program);
  operationsCommands(program);
  return program;
}

/** Every command of the tree, depth first (to configure their errors alike). */
export function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/** `switchboard brand models` for the models command: where `--help` is pointed at. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

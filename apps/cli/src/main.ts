import { CommanderError } from 'commander';
import { allCommands, buildProgram, commandPath } from './program.ts';
import { UsageError } from './usage-error.ts';

/**
 * The `switchboard` process: parse, run one command, exit. Every error ends as one line on
 * stderr, `switchboard: <what went wrong>`: exit 2 for a mistake in the command line (with a
 * pointer to its `--help`), 1 for anything else. `--debug` adds the stack of an unexpected one.
 */

/** A message on one line: the lines of a multi-line one (a config error's list) joined. */
export function oneLine(message: string): string {
  const [first = '', ...rest] = message
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter(Boolean);
  return rest.length ? `${first} ${rest.join('; ')}` : first;
}

const program = buildProgram();
/** The command a usage error came from, for its `--help` pointer. */
let current = program;
for (const command of allCommands(program)) {
  command.exitOverride().configureOutput({
    outputError: (message, write) =>
      write(
        `switchboard: ${oneLine(message.replace(/^error: /, ''))} (see '${commandPath(command)} --help')\n`,
      ),
  });
  command.hook('preAction', (_self, action) => {
    current = action;
  });
}

/** Our errors by their message (it names the fix); anything else by its message, or its stack. */
async function describe(error: unknown, debug: boolean): Promise<string> {
  const { isSwitchboardError } = await import('@switchboard/core');
  if (debug && !isSwitchboardError(error) && error instanceof Error && error.stack)
    return error.stack;
  return oneLine(error instanceof Error ? error.message : String(error));
}

async function main(): Promise<number> {
  try {
    await program.parseAsync(process.argv.slice(2), { from: 'user' });
    return 0;
  } catch (error) {
    // Commander printed its own message already (one line, see configureOutput above).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      const help = error.pointToHelp ? ` (see '${commandPath(current)} --help')` : '';
      process.stderr.write(`switchboard: ${error.message}${help}\n`);
      return 2;
    }
    process.stderr.write(`switchboard: ${await describe(error, program.opts().debug === true)}\n`);
    return 1;
  }
}

// Exit explicitly: Redis clients and timers of a finished command must not keep the process up.
main().then((code) => process.exit(code));

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@switchboard/local-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { HEAVY_PACKAGES, runTracedCli } from './loaded-modules.ts';

/**
 * `switchboard` as a user runs it: help that loads only the command parser, and one line on
 * stderr for every mistake (exit 2 for the command line, 1 for the rest), never a stack trace.
 */
describe('switchboard --help and errors (CLI processes)', () => {
  let dir: string;
  /** Nothing listens on PORT and Redis is unreachable: no test can reach a real server. */
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-cli-errors-'));
    env = {
      SWITCHBOARD_DATA_DIR: join(dir, 'data'),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    };
    // Builds dist/ when a source changed, so the traced runs below load the build as users do.
    await runCli(['--help'], env);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([[['--help']], [['ask', '--help']], [['brand', 'models', 'promote', '--help']]])(
    '%j loads the command parser and nothing heavy',
    async (argv) => {
      const run = await runTracedCli(argv, env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Usage: switchboard/);
      expect(run.packages.has('commander')).toBe(true);
      // The loader's own packages (esbuild when it rebuilds, tsx without a build) aside.
      const others = [...run.packages].filter(
        (p) => !['commander', 'esbuild', 'tsx', 'get-tsconfig', 'resolve-pkg-maps'].includes(p),
      );
      expect(others).toEqual([]);
      expect(HEAVY_PACKAGES.filter((p) => run.packages.has(p))).toEqual([]);
      // Without a build (tsx), the sources are visible: only the CLI's own parser files.
      const sources = run.urls.filter(
        (u) => u.includes('/packages/') && !u.includes('node_modules'),
      );
      expect(sources).toEqual([]);
      // With a build, no command's chunk is loaded (they are named after their module).
      const commandChunks = run.urls.filter((u) =>
        /\/dist\/b-[^/]+\/(?!chunk-|switchboard\.js)/.test(u),
      );
      expect(commandChunks).toEqual([]);
    },
  );

  it('gives every command its own help', async () => {
    const sync = await runCli(['sync', '--help'], env);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain('Usage: switchboard sync [options] <source>');
    expect(sync.stdout).toContain('--failed-only');
    const teams = await runCli(['teams', 'package', '--help'], env);
    expect(teams.stdout).toContain('--app-version <x.y.z>');
  });

  /** One line on stderr, nothing on stdout, the exit code. */
  async function fails(argv: string[], extra: Record<string, string> = {}) {
    const run = await runCli(argv, { ...env, ...extra });
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^switchboard: /);
    return { code: run.code, line: lines[0] ?? '' };
  }

  it.each([
    [['bogus'], /^switchboard: unknown command 'bogus' \(see 'switchboard --help'\)$/],
    [['statsu'], /unknown command 'statsu' \(Did you mean status\?\)/],
    [
      ['ask', '--bogus', 'x'],
      /^switchboard: unknown option '--bogus' \(see 'switchboard ask --help'\)$/,
    ],
    [['ask'], /missing required argument 'question'/],
    [['sync'], /missing required argument 'source' \(see 'switchboard sync --help'\)$/],
    [
      ['sync', 'help', '--full', '--failed-only'],
      /'--full' cannot be used with option '--failed-only'/,
    ],
    [['status', 'extra'], /too many arguments for 'status'/],
    [['eval', 'intents', '--train', 'a.csv'], /required option '--test <file>' not specified/],
    [
      ['sources', 'add', 'x', '--kind', 'ftp'],
      /'ftp' is invalid\. Allowed choices are directory, jsonl, web/,
    ],
    [['brand'], /^switchboard: 'brand' needs a command: dataset, train, models, eval/],
    [['brand', 'modles'], /unknown command 'modles' for 'brand'/],
    [
      ['train', 'brand-voice', '--data', 'x.jsonl'],
      /'train brand-voice' is gone.*brand train --local/,
    ],
  ])('%j is a usage error: one line, exit 2', async (argv, message) => {
    const { code, line } = await fails(argv);
    expect(line).toMatch(message);
    expect(code).toBe(2);
  });

  it('ingest of a missing folder says so in one line, exit 1', async () => {
    const { code, line } = await fails(['ingest', join(dir, 'no-such-folder')]);
    expect(line).toBe(
      `switchboard: ${join(dir, 'no-such-folder')}: no such folder or corpus.jsonl file`,
    );
    expect(code).toBe(1);
  });

  it('an invalid configuration is one line naming the variables, exit 1', async () => {
    const { code, line } = await fails(['status'], { PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(line).toMatch(
      /^switchboard: Invalid configuration: .*PORT.*; .*LOG_LEVEL|LOG_LEVEL.*; .*PORT/,
    );
    expect(code).toBe(1);
  });

  it('with no server and no Redis, the sync commands fail at once in one line', async () => {
    for (const argv of [['status'], ['sources', 'list'], ['sync', 'help', '--wait']]) {
      const { code, line } = await fails(argv);
      expect(line).toMatch(/no server answered and Redis at 127\.0\.0\.1:\d+ does not either/);
      expect(code).toBe(1);
    }
  });
});

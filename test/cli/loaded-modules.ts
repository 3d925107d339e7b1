import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliResult, runCli } from '../support/cli-process.ts';

const tracer = fileURLToPath(new URL('./trace-imports.mjs', import.meta.url));

/** A CLI run and the modules it loaded: npm packages by name, and every module's URL. */
export interface TracedRun extends CliResult {
  urls: string[];
  /** `commander`, `@lancedb/lancedb`…: the npm packages any module was loaded from. */
  packages: Set<string>;
}

/** The npm package a module URL is part of (the innermost node_modules), or null. */
export function packageOf(url: string): string | null {
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return match?.[1] ?? null;
}

/** Runs the CLI as `runCli` does, with every module it loads recorded. */
export async function runTracedCli(
  argv: string[],
  env: Record<string, string>,
  timeoutMs?: number,
): Promise<TracedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-trace-'));
  const file = join(dir, 'modules.txt');
  try {
    const result = await runCli(argv, { ...env, TRACE_IMPORTS_FILE: file }, timeoutMs, [
      '--import',
      tracer,
    ]);
    const urls = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    const packages = new Set(urls.map(packageOf).filter((p): p is string => p !== null));
    return { ...result, urls, packages };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Packages that mean the index, Redis, the models or a server framework were loaded: a command
 * that must not open the index (or `--help`) loads none of them.
 */
export const HEAVY_PACKAGES = [
  '@lancedb/lancedb',
  'apache-arrow',
  'bullmq',
  'ioredis',
  'zod',
  'pino',
  '@langchain/core',
  'botbuilder',
  'fastify',
  '@switchboard/runtime',
  '@switchboard/knowledge',
];

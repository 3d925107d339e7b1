import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node apps/cli/bin/switchboard.js …` as a user does (`npx switchboard …`), with `env` on
 * top of PATH only; killed after `timeoutMs`. Answers the exit code and both outputs.
 * `nodeArgs` go to node itself (e.g. `--import` of a module tracer).
 */
export function runCli(
  argv: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, 'apps/cli/bin/switchboard.js', ...argv], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', LANCEDB_LOG: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

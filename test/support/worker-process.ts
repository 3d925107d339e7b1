import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs a TypeScript worker script in its own Node process (through tsx) and resolves once it
 * prints `ready`; rejects with its stderr if it exits first. Crash tests kill it with `killHard`.
 */
export function startWorkerProcess(script: string, args: string[]): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((ready, fail) => {
    proc.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('ready')) ready(proc);
    });
    proc.once('exit', (code) => fail(new Error(`worker exited (${code}) before ready: ${stderr}`)));
  });
}

/** SIGKILL (no chance to clean up, as in a crash); resolves when the process is gone. */
export function killHard(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    proc.once('exit', () => done());
    proc.kill('SIGKILL');
  });
}

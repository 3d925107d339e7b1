import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A real `node apps/server/bin/server.js` process and everything it printed. */
export interface ServerProcess {
  proc: ChildProcess;
  /** stdout and stderr lines, in arrival order. */
  lines: string[];
  /** The same lines, each prefixed with the seconds since the spawn (for failure messages). */
  timed(): string[];
}

/**
 * Starts the server as `npm start` does (or, with `app: 'worker'`, the worker as `npm run worker`
 * does), with `env` on top of this process's PATH.
 */
export function startServerProcess(
  env: Record<string, string>,
  app: 'server' | 'worker' = 'server',
): ServerProcess {
  const proc = spawn(process.execPath, [`apps/${app}/bin/${app}.js`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', LANCEDB_LOG: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = Date.now();
  const lines: string[] = [];
  const at: number[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.on('data', (chunk) => {
      const parts = (partial + String(chunk)).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      at.push(...parts.map(() => Date.now() - started));
    });
  };
  collect(proc.stdout);
  collect(proc.stderr);
  const timed = () => lines.map((line, i) => `+${((at[i] ?? 0) / 1000).toFixed(1)}s ${line}`);
  return { proc, lines, timed };
}

/** GET with a deadline; `undefined` when nothing answered in time (refused, or too slow). */
export async function probe(
  url: string,
  timeoutMs = 2_000,
): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** Polls `check` every 100 ms until it answers true; throws after `timeoutMs` saying `what`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** SIGKILL (a crash: no clean-up); resolves when the process is gone. */
export function killServer(server: ServerProcess): Promise<void> {
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    proc.once('exit', () => done());
    proc.kill('SIGKILL');
  });
}

import type { ChildProcess } from 'node:child_process';
import { startServerProcess } from './server-process.ts';

/** A real `node apps/<app>/bin/<app>.js` process and everything it printed. */
export interface AppProcess {
  name: string;
  proc: ChildProcess;
  /** stdout and stderr lines, in arrival order. */
  lines: string[];
  /** The JSON lines among them, parsed (the apps log one JSON object a line). */
  events(): Array<Record<string, unknown>>;
  /** The last `count` lines, each prefixed with the process name (for failure messages). */
  tail(count?: number): string;
}

/**
 * Starts the server (`apps/server/bin/server.js`, as `npm start` does) or the standalone worker
 * (`apps/worker/bin/worker.js`, as `npm run worker` does) with `env` on top of PATH only.
 */
export function startApp(
  app: 'server' | 'worker',
  name: string,
  env: Record<string, string>,
): AppProcess {
  const { proc, lines } = startServerProcess(env, app);
  return {
    name,
    proc,
    lines,
    events: () =>
      lines.flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === 'object' && parsed !== null
            ? [parsed as Record<string, unknown>]
            : [];
        } catch {
          return [];
        }
      }),
    tail: (count = 15) =>
      lines
        .slice(-count)
        .map((line) => `[${name}] ${line.slice(0, 400)}`)
        .join('\n'),
  };
}

/** SIGTERM (an orderly stop), then SIGKILL after `graceMs`; resolves when the process is gone. */
export function stopApp(app: AppProcess, graceMs = 5_000): Promise<void> {
  const { proc } = app;
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    proc.kill('SIGTERM');
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '@switchboard/local-redis';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A `sync.run.finished` log line of our server. */
export interface SyncRunLine {
  trigger: string;
  durationMs: number;
  added: number;
  updated: number;
  failed: number;
}

/** A server process on loopback, ready to answer. */
export interface ServerProcess {
  url: string;
  /** Milliseconds from spawn until `/readyz` answered 200. */
  readyMs: number;
  /** Resolves with the first finished sync run `accept` takes (our server's log). */
  syncRun(accept: (run: SyncRunLine) => boolean, timeoutMs?: number): Promise<SyncRunLine>;
  /** Resident memory now and its peak so far (VmHWM), in MB. */
  memory(): Promise<{ rssMb: number; peakMb: number }>;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`npm start`'s entry) on a free loopback port with the given data
 * directory and knowledge path, its own Redis key prefix, at the default log level, and waits
 * until `/readyz` says it is ready (start-up sync done, router fitted). The API rate limit is
 * lifted (the load would hit 60 a minute at once); no other setting differs from the defaults.
 */
export async function startServer(options: {
  knowledgePath: string;
  dataDir: string;
  redisUrl: string;
  redisPrefix: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'apps/server/bin/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.redisPrefix,
      SWITCHBOARD_DATA_DIR: options.dataDir,
      SWITCHBOARD_KNOWLEDGE_PATH: options.knowledgePath,
      API_RATE_LIMIT_PER_MINUTE: '1000000000',
      LOG_LEVEL: 'info',
      LANCEDB_LOG: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const runs: SyncRunLine[] = [];
  // Every line is read (a full pipe would stall the server); only sync summaries are parsed.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.includes('"sync.run.finished"')) runs.push(JSON.parse(line));
  });
  const server = await waitUntilReady(child, `http://127.0.0.1:${port}`, 600_000);
  return {
    ...server,
    async syncRun(accept, timeoutMs = 3_600_000) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        const run = runs.find(accept);
        if (run) return run;
        if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no matching sync run within ${timeoutMs} ms`);
    },
  };
}

/** Spawns `node --import tsx <script>` with `env` and waits for its `/readyz` (a bench baseline). */
export async function startScript(
  script: string,
  env: Record<string, string>,
): Promise<Omit<ServerProcess, 'syncRun'>> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Drained like the server's log, so both sides pay the same for their request lines.
  createInterface({ input: child.stdout! }).on('line', () => {});
  return waitUntilReady(child, `http://127.0.0.1:${port}`, 120_000);
}

async function waitUntilReady(child: ChildProcess, url: string, timeoutMs: number) {
  const started = performance.now();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited with ${child.exitCode ?? child.signalCode}`);
      const ready = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) {
        const readyMs = performance.now() - started;
        return { url, readyMs, memory: () => memoryOf(child.pid!), stop };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server at ${url} not ready within ${timeoutMs} ms`);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function memoryOf(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rssMb: mb('VmRSS'), peakMb: mb('VmHWM') };
}

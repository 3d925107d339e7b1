/**
 * Warm start: `npm start` on the bundled sample until `/readyz` answers 200 (issue 12: ≤ 1.5 s,
 * median of 5), next to a bare Fastify server started and probed the same way in the same run
 * (Node, Fastify and a socket: the floor any server pays). Each start's CPU time (its whole
 * process group at the moment it is ready) is reported too: on a shared machine it moves less
 * than the wall clock. Runnable alone: `npx tsx bench/start/warm-start.ts [runs]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer } from '@switchboard/local-redis';
import { type BenchResult, percentile, versus } from '../stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BARE_SERVER = join(root, 'bench/start/bare-server.mjs');
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** One process started and probed until ready. */
export interface StartedProcess {
  url: string;
  /** Spawn → first `/readyz` 200, in ms. */
  readyMs: number;
  /** User + system CPU of the process and its descendants in its group when it was ready, in ms. */
  cpuMs: number;
  /** Signals the whole process group and waits until none of its processes is left. */
  stop(): Promise<void>;
}

/**
 * Spawns `command` in a process group of its own (so `npm start`'s node child is measured and
 * stopped with it), on a free port given as PORT, and polls `/readyz` every `pollMs`.
 */
export async function startUntilReady(options: {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  pollMs?: number;
  timeoutMs?: number;
}): Promise<StartedProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: root,
    env: { ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) signalGroup(child, 'SIGTERM');
    await exited;
    // `npm start` can exit before the server it started has closed: the next start measured
    // must not share the machine with it.
    const deadline = performance.now() + 10_000;
    while ((await groupMembers(child.pid!)).length > 0) {
      if (performance.now() > deadline) signalGroup(child, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const deadline = started + (options.timeoutMs ?? 120_000);
  try {
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${options.command} exited with ${child.exitCode ?? child.signalCode}`);
      const ready = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) {
        const readyMs = performance.now() - started;
        return { url, readyMs, cpuMs: await groupCpuMs(child.pid!), stop };
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 10));
    }
    throw new Error(`${options.command} ${options.args.join(' ')} not ready at ${url} in time`);
  } catch (error) {
    await stop();
    throw error;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
}

/** The live processes of process group `group`: /proc/<pid>/stat's fields after the name. */
async function groupMembers(group: number): Promise<string[][]> {
  const members: string[][] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (state Z) has exited; only its parent's wait is missing.
    if (Number(fields[2]) === group && fields[0] !== 'Z') members.push(fields);
  }
  return members;
}

/** CPU time of every live process in process group `group` (utime + stime), in ms. */
async function groupCpuMs(group: number): Promise<number> {
  let ticks = 0;
  for (const fields of await groupMembers(group)) ticks += Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

const median = (values: readonly number[]) => percentile(values, 50);

/** What the warm-start comparison measured, per start. */
export interface WarmStartRun {
  ours: Array<Pick<StartedProcess, 'readyMs' | 'cpuMs'>>;
  bare: Array<Pick<StartedProcess, 'readyMs' | 'cpuMs'>>;
}

/** The bench rows of a run: medians, ours next to the bare server's. */
export function warmStartRows(run: WarmStartRun): BenchResult[] {
  const of = (starts: WarmStartRun['ours'], key: 'readyMs' | 'cpuMs') =>
    median(starts.map((s) => s[key]));
  return [
    versus('start_warm_ready_ms', 'ms', of(run.ours, 'readyMs'), of(run.bare, 'readyMs')),
    versus('start_warm_cpu_ms', 'ms', of(run.ours, 'cpuMs'), of(run.bare, 'cpuMs')),
  ];
}

/**
 * `npm start` on the sample with a data directory of its own: once cold (it syncs the sample,
 * trains and fits, and rebuilds `dist/` if a source changed), then `runs` warm starts, each
 * stopped once ready; then `runs` starts of the bare server.
 */
export async function measureWarmStart(options: {
  directory: string;
  redisUrl: string;
  runs?: number;
  progress?: (line: string) => void;
}): Promise<WarmStartRun> {
  const runs = options.runs ?? 5;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: `bench-start-${Date.now()}`,
    SWITCHBOARD_DATA_DIR: join(options.directory, 'warm-start'),
    LANCEDB_LOG: 'error',
  };
  // The sample: whatever help centre, brand data or profile the caller's environment names is not.
  for (const name of [
    'SWITCHBOARD_KNOWLEDGE_PATH',
    'SWITCHBOARD_BRAND_DATA',
    'SWITCHBOARD_COMPANY_PROFILE',
  ])
    delete env[name];
  const npmStart = { command: 'npm', args: ['start', '--silent'], env };
  const cold = await startUntilReady({ ...npmStart, timeoutMs: 600_000 });
  await cold.stop();
  options.progress?.(`warm start: cold start ready in ${(cold.readyMs / 1000).toFixed(1)} s`);
  const run: WarmStartRun = { ours: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    const warm = await startUntilReady(npmStart);
    await warm.stop();
    run.ours.push({ readyMs: warm.readyMs, cpuMs: warm.cpuMs });
  }
  for (let i = 0; i < runs; i++) {
    const bare = await startUntilReady({ command: process.execPath, args: [BARE_SERVER], env });
    await bare.stop();
    run.bare.push({ readyMs: bare.readyMs, cpuMs: bare.cpuMs });
  }
  return run;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 5);
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-start-'));
  const redis = await startRedisServer({ directory: join(directory, 'redis') });
  try {
    const run = await measureWarmStart({
      directory,
      redisUrl: redis.url,
      runs,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    for (const [i, s] of run.ours.entries())
      process.stdout.write(
        `npm start warm ${i + 1}: ready ${s.readyMs.toFixed(0)} ms, cpu ${s.cpuMs.toFixed(0)} ms\n`,
      );
    for (const row of warmStartRows(run)) process.stdout.write(`${JSON.stringify(row)}\n`);
  } finally {
    await redis.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

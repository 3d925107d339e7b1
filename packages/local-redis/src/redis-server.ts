import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, realpath } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { SwitchboardError } from '@switchboard/core';
import { Redis } from 'ioredis';

export interface LocalRedis {
  url: string;
  /** Whether this process started the server (and so must stop it). */
  started: boolean;
  /**
   * The data directory of a private redis-server under Switchboard's data dir: the one this
   * process started, or one an earlier start left running there (found by its `dir`).
   */
  privateDirectory?: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when a Redis server answers PING at `url` within `timeoutMs`. */
export async function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface StartRedisOptions {
  /** Working directory of the server (its dump and logs go here). */
  directory: string;
  /** Port to listen on; a free one when absent. */
  port?: number;
  /**
   * Keep an append-only file under `directory` (fsync every second), so the data survives a
   * restart of the server: the same directory gives the same data. Off, it keeps nothing on disk
   * (the tests' throwaway servers). @defaultValue false
   */
  appendOnly?: boolean;
  /** The redis-server binary (a path, or a name looked up on PATH). @defaultValue 'redis-server' */
  binary?: string;
  /** More redis-server arguments (tests: `--rename-command CONFIG ""`). @defaultValue [] */
  args?: readonly string[];
}

/** Starts a private `redis-server` on loopback and waits until it answers. */
export async function startRedisServer(options: StartRedisOptions): Promise<LocalRedis> {
  const binary = options.binary ?? 'redis-server';
  await mkdir(options.directory, { recursive: true });
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      options.directory,
      '--save',
      '',
      '--appendonly',
      options.appendOnly ? 'yes' : 'no',
      // At most a second of writes is lost on a crash of the machine; none on a clean stop.
      '--appendfsync',
      'everysec',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
      ...(options.args ?? []),
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (spawnError?.code === 'ENOENT') {
      throw new SwitchboardError(
        'REDIS_UNAVAILABLE',
        `${binary} is not installed. Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis.`,
        { cause: spawnError },
      );
    }
    if (spawnError || child.exitCode !== null) break;
    if (await pingRedis(url, 200)) {
      return {
        url,
        started: true,
        ...(options.appendOnly ? { privateDirectory: options.directory } : {}),
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new SwitchboardError('REDIS_UNAVAILABLE', `${binary} did not start on port ${port}`, {
    cause: spawnError,
  });
}

/**
 * Makes sure Redis is reachable: uses REDIS_URL when it answers; otherwise, for a loopback URL
 * and with autostart on, starts a private redis-server on that port that keeps its data in an
 * append-only file under `directory` (so a restart finds everything again); otherwise explains
 * exactly what to do. A private server an earlier start left running (its process was killed)
 * answers the ping and is reused as it is.
 */
export async function ensureRedis(options: {
  url: string;
  autostart: boolean;
  directory: string;
}): Promise<LocalRedis> {
  if (await pingRedis(options.url)) {
    const found = await isServedFrom(options.url, options.directory);
    return {
      url: options.url,
      started: false,
      ...(found ? { privateDirectory: options.directory } : {}),
      stop: async () => {},
    };
  }
  const target = new URL(options.url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
  if (!options.autostart || !loopback || target.password) {
    throw new SwitchboardError(
      'REDIS_UNAVAILABLE',
      `Redis is not reachable at ${target.host}. Start it (e.g. "redis-server --daemonize yes") or set REDIS_URL to a reachable Redis${loopback ? '' : ''}.`,
    );
  }
  return startRedisServer({
    directory: options.directory,
    port: Number(target.port || 6379),
    appendOnly: true,
  });
}

/** Whether the Redis at `url` keeps its files in `directory` (false when CONFIG is refused). */
async function isServedFrom(url: string, directory: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const [, dir] = (await client.config('GET', 'dir')) as string[];
    // Redis reports its working directory with symlinks resolved (macOS: /tmp is /private/tmp).
    const ours = await realpath(directory).catch(() => resolve(directory));
    return dir !== undefined && resolve(dir) === ours;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

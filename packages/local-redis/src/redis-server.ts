import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { SwitchboardError } from '@switchboard/core';
import { Redis } from 'ioredis';

export interface LocalRedis {
  url: string;
  /** Whether this process started the server (and so must stop it). */
  started: boolean;
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
  /** Keep an append-only file, for tests that check durability. @defaultValue false */
  appendOnly?: boolean;
  /** The redis-server binary (a path, or a name looked up on PATH). @defaultValue 'redis-server' */
  binary?: string;
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
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
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
 * and with autostart on, starts a private redis-server on that port under the data directory;
 * otherwise explains exactly what to do.
 */
export async function ensureRedis(options: {
  url: string;
  autostart: boolean;
  directory: string;
}): Promise<LocalRedis> {
  if (await pingRedis(options.url))
    return { url: options.url, started: false, stop: async () => {} };
  const target = new URL(options.url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
  if (!options.autostart || !loopback || target.password) {
    throw new SwitchboardError(
      'REDIS_UNAVAILABLE',
      `Redis is not reachable at ${target.host}. Start it (e.g. "redis-server --daemonize yes") or set REDIS_URL to a reachable Redis${loopback ? '' : ''}.`,
    );
  }
  return startRedisServer({ directory: options.directory, port: Number(target.port || 6379) });
}

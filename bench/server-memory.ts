import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer } from '@switchboard/local-redis';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function rssMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Starts the real server on a knowledge path, waits until it is healthy, and reads its RSS. */
export async function measureServerMemory(options: {
  knowledgePath: string;
  directory: string;
}): Promise<number> {
  const redis = await startRedisServer({ directory: join(options.directory, 'redis') });
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'apps/server/bin/server.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      REDIS_URL: redis.url,
      SWITCHBOARD_DATA_DIR: join(options.directory, 'data'),
      SWITCHBOARD_KNOWLEDGE_PATH: options.knowledgePath,
      LOG_LEVEL: 'warn',
      LANCEDB_LOG: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`server exited with ${child.exitCode ?? child.signalCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        // One request through the whole path, so lazily loaded parts count too.
        await fetch(`http://127.0.0.1:${port}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'how do I reset it?' }),
        });
        return await rssMegabytes(child.pid!);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('server did not become healthy in time');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await redis.stop();
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type LocalRedis, startRedisServer } from '@switchboard/local-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killServer,
  probe,
  type ServerProcess,
  startServerProcess,
  waitUntil,
} from '../support/server-process.ts';
import { writeHelpCentre } from './help-centre-fixture.ts';

/**
 * Issue 9: during a Redis outage `/healthz` hung, each chat took about 9 s to fail and the log
 * got a line a second. The real server against a private redis-server that is killed mid-test
 * and started again on the same port.
 */
describe('the real server while its Redis is down', () => {
  let dir: string;
  let redisPort: number;
  let redis: LocalRedis | undefined;
  let server: ServerProcess;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-redis-outage-'));
    await writeHelpCentre(join(dir, 'help'));
    redisPort = await freePort();
    redis = await startRedisServer({ directory: join(dir, 'redis'), port: redisPort });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServerProcess({
      SWITCHBOARD_DATA_DIR: join(dir, 'data'),
      SWITCHBOARD_KNOWLEDGE_PATH: join(dir, 'help'),
      REDIS_URL: redis.url,
      SWITCHBOARD_AUTOSTART_REDIS: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    await waitUntil(
      'the server to be ready',
      async () => (await probe(`${base}/readyz`))?.status === 200,
      90_000,
    );
  }, 120_000);

  afterAll(async () => {
    if (server) await killServer(server);
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const chat = async (message: string) => {
    const started = Date.now();
    const res = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
      signal: AbortSignal.timeout(15_000),
    });
    return {
      status: res.status,
      ms: Date.now() - started,
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  it('answers chats degraded and fast, keeps /healthz up, /readyz 503 quickly, logs little', async () => {
    const before = await chat('How do I descale the burr chamber?');
    expect(before.status).toBe(200);
    expect(before.body.degraded).toBeUndefined();

    await redis?.stop();
    redis = undefined;
    const linesAtOutage = server.lines.length;

    const live = Date.now();
    const health = await probe(`${base}/healthz`, 2_000);
    expect(health?.status).toBe(200);
    expect(Date.now() - live).toBeLessThan(2_000);

    const readyStarted = Date.now();
    const ready = await probe(`${base}/readyz`, 3_000);
    expect(ready?.status).toBe(503);
    expect(ready?.body.checks).toMatchObject({ redis: { ok: false } });
    expect(Date.now() - readyStarted).toBeLessThan(2_000);

    const during = await chat('How do I descale the burr chamber?');
    expect(during.status, JSON.stringify(during.body)).toBe(200);
    expect(during.body.degraded).toEqual({ reasons: ['memory_unavailable'] });
    expect(during.body.route).toBe('knowledge');
    expect(during.ms).toBeLessThan(2_000);
    const brand = await chat('I forgot my password');
    expect(brand.status).toBe(200);
    expect(brand.body.degraded).toEqual({ reasons: ['memory_unavailable'] });

    // ioredis retries every connection many times in these seconds; the log gets one line.
    await new Promise((r) => setTimeout(r, 4_000));
    const outageLines = server.lines.slice(linesAtOutage).filter((line) => line.trim());
    expect(outageLines.filter((l) => l.includes('"redis.down"'))).toHaveLength(1);
    expect(outageLines.length, outageLines.join('\n')).toBeLessThanOrEqual(3);

    redis = await startRedisServer({ directory: join(dir, 'redis'), port: redisPort });
    await waitUntil(
      'readiness after Redis is back',
      async () => (await probe(`${base}/readyz`))?.status === 200,
      30_000,
    );
    expect(server.lines.some((l) => l.includes('"redis.up"'))).toBe(true);
    const after = await chat('How do I descale the burr chamber?');
    expect(after.status).toBe(200);
    expect(after.body.degraded).toBeUndefined();
  }, 120_000);
});

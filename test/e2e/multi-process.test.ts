import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type LocalRedis, startRedisServer } from '@switchboard/local-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp, stopApp } from '../support/app-processes.ts';
import { dropQdrantCollection } from '../support/qdrant/drop-collection.ts';
import { probe, waitUntil } from '../support/server-process.ts';

const SERVERS = 3;
const WORKERS = 2;
const ADMIN_TOKEN = 'multi-process-admin-token';
const SESSION_LIMIT = 3;
const sample = fileURLToPath(new URL('../../data/sample/help-centre', import.meta.url));

/** A page only the new document answers; the sample help centre has no "Moonbeam". */
const NEW_DOC = `# Moonbeam night light

The Moonbeam night light makes the thermostat ring glow amber between sunset and sunrise.

## Turning on the Moonbeam night light

Open the app, tap Settings, then Display, then Moonbeam, and switch Moonbeam on. Pick a
brightness from 1 to 5; Moonbeam dims itself when the room sensor sees no one for ten minutes.
`;
const QUESTION = 'How do I turn on the Moonbeam night light?';

interface ChatReply {
  text: string;
  route: string;
  citations?: Array<{ docId: string }>;
}

/** Qdrant runs when QDRANT_URL points at a live server; the embedded index always does. */
const qdrantUrl = process.env.QDRANT_URL;
const backends: Array<{ name: string; env: () => Record<string, string> }> = [
  { name: 'the embedded index (workers write, servers read)', env: () => ({}) },
  ...(qdrantUrl
    ? [
        {
          name: 'Qdrant',
          env: () => ({
            QDRANT_URL: qdrantUrl,
            QDRANT_COLLECTION: `switchboard-multi-${crypto.randomUUID().slice(0, 8)}`,
          }),
        },
      ]
    : []),
];
if (!qdrantUrl) {
  console.info('multi-process test on Qdrant skipped: set QDRANT_URL to run it against a server');
  describe.skip('3 servers and 2 workers on Qdrant (needs QDRANT_URL)', () => {});
}

/**
 * Issue 12, item 5: several server processes and several sync workers share one Redis and one
 * index. Every piece of state a server needs is there: a sync a worker ran is answered from by
 * every server, the router is refitted once for all of them, and the widget's limits hold
 * whichever server a request reaches.
 */
describe.each(backends)(`${SERVERS} servers and ${WORKERS} workers on $name`, ({ env }) => {
  let root: string;
  let help: string;
  let redis: LocalRedis;
  const servers: AppProcess[] = [];
  const workers: AppProcess[] = [];
  const bases: string[] = [];
  let backendEnv: Record<string, string> = {};

  const printed = () => [...workers, ...servers].map((p) => p.tail()).join('\n');
  const wait = (what: string, check: () => Promise<boolean> | boolean, ms: number) =>
    waitUntil(what, check, ms).catch((err: Error) => {
      throw new Error(`${err.message}; the processes printed:\n${printed()}`);
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-multi-'));
    help = join(root, 'help');
    await cp(sample, help, { recursive: true });
    redis = await startRedisServer({ directory: join(root, 'redis') });
    backendEnv = env();
    const common = {
      // One data directory: the embedded index (and the models cache) are shared.
      SWITCHBOARD_DATA_DIR: join(root, 'data'),
      SWITCHBOARD_KNOWLEDGE_PATH: help,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `multi-${crypto.randomUUID().slice(0, 8)}`,
      SWITCHBOARD_AUTOSTART_REDIS: 'false',
      SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
      RATE_LIMIT_SESSION_PER_MINUTE: String(SESSION_LIMIT),
      RATE_LIMIT_IP_PER_MINUTE: '1000',
      ...backendEnv,
    };
    const startServer = async () => {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      const serverEnv = { ...common, SWITCHBOARD_WORKER: 'off', HOST: '127.0.0.1' };
      servers.push(
        startApp('server', `server-${servers.length}`, { ...serverEnv, PORT: String(port) }),
      );
    };
    // Ready: the start-up sync (run by a worker) is done and the router fitted on its index.
    const allReady = async () =>
      (await Promise.all(bases.map((b) => probe(`${b}/readyz`, 3_000)))).every(
        (r) => r?.status === 200,
      );
    // The workers first: they sync the help centre on their own (the servers would wait for it,
    // fitting a provisional router on the empty index meanwhile).
    for (let i = 0; i < WORKERS; i++) workers.push(startApp('worker', `worker-${i}`, common));
    const synced = () =>
      workers.some((w) => w.events().some((e) => e.event === 'sync.run.finished' && e.added));
    await wait('a worker to sync the help centre', synced, 60_000);
    // Then a rolling start, as a deployment scales out: the first server trains the models (two
    // cores cannot train them three times at once quickly); the others join a running deployment.
    await startServer();
    await wait('the first server to be ready', allReady, 90_000);
    for (let i = 1; i < SERVERS; i++) await startServer();
    await wait('every server to be ready', allReady, 60_000);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...servers, ...workers].map((p) => stopApp(p)));
    await redis?.stop();
    if (backendEnv.QDRANT_URL && backendEnv.QDRANT_COLLECTION)
      await dropQdrantCollection(backendEnv.QDRANT_URL, backendEnv.QDRANT_COLLECTION);
    if (root) await rm(root, { recursive: true, force: true });
  }, 60_000);

  /** The router key each server serves, from its readiness report. */
  const routerKeys = async () =>
    Promise.all(
      bases.map(async (b) => {
        const checks = (await probe(`${b}/readyz`, 3_000))?.body.checks as
          | { router?: { key?: string } }
          | undefined;
        return checks?.router?.key;
      }),
    );

  /**
   * How each server came by the router for `key` (its `router.serving` events), once every server
   * logged one: a log line can reach us after the readiness report that shows the key.
   */
  const originsOf = async (key: string | undefined): Promise<string[]> => {
    const serving = (s: AppProcess) =>
      s.events().filter((e) => e.event === 'router.serving' && e.key === key);
    await wait(
      `every server to log how it came by router ${key}`,
      () => servers.every((s) => serving(s).length > 0),
      10_000,
    );
    return servers.flatMap((s) => serving(s).map((e) => String(e.origin))).sort();
  };

  const ask = async (base: string): Promise<ChatReply> => {
    const res = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: QUESTION }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as ChatReply;
  };
  const citesNewDoc = (reply: ChatReply) =>
    (reply.citations ?? []).some((c) => c.docId.includes('moonbeam-night-light'));

  it('fits the router once: the servers that joined took it from Redis', async () => {
    const keys = await routerKeys();
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(await originsOf(keys[0])).toEqual(['fitted here', 'shared', 'shared']);
  });

  it('a sync run by a worker is answered from by every server, with the router refitted once', async () => {
    const before = await ask(bases[0]!);
    expect(citesNewDoc(before)).toBe(false);
    const [startKey] = await routerKeys();

    await writeFile(join(help, 'features', 'moonbeam-night-light.md'), NEW_DOC);
    const trigger = await fetch(`${bases[1]}/admin/api/sources/default/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(trigger.status).toBe(202);

    // Every server answers from the new document, citing it.
    for (const base of bases) {
      let last: ChatReply | undefined;
      await wait(
        `${base} to answer from the new document`,
        async () => {
          last = await ask(base);
          return citesNewDoc(last);
        },
        30_000,
      );
      expect(last?.route).toBe('knowledge');
      expect(last?.text).toMatch(/Settings/);
    }

    // The run was a worker's (servers run no sync jobs), and the router followed the index:
    // fitted by one server, swapped in by the others.
    const ran = workers.flatMap((w) => w.events().filter((e) => e.event === 'sync.run.finished'));
    expect(ran.some((e) => e.trigger === 'admin' || e.trigger === 'change')).toBe(true);
    expect(
      servers.flatMap((s) => s.events().filter((e) => e.event === 'sync.run.finished')),
    ).toEqual([]);
    await wait(
      'every server to serve the router of the new index',
      async () => {
        const keys = await routerKeys();
        return new Set(keys).size === 1 && keys[0] !== startKey;
      },
      30_000,
    );
    const [newKey] = await routerKeys();
    expect(await originsOf(newKey)).toEqual(['fitted here', 'shared', 'shared']);
  }, 120_000);

  it("holds the widget's per-session limit whichever server a message reaches", async () => {
    const minute = () => Math.floor(Date.now() / 60_000);
    // The limit counts per fixed one-minute window: a try that straddles two is tried again.
    for (let attempt = 1; ; attempt++) {
      const window = minute();
      const token = await widgetSession(bases[0]!);
      // One message on each server: all within the limit (the session token is valid on all).
      const allowed = [];
      for (let i = 0; i < SESSION_LIMIT; i++) allowed.push(await send(bases[i % SERVERS]!, token));
      // The next one is refused whichever server gets it.
      const refused = [];
      for (const base of bases) refused.push(await send(base, token));
      if (minute() !== window && attempt === 1) continue;
      expect(allowed).toEqual(Array(SESSION_LIMIT).fill(200));
      expect(refused).toEqual(bases.map(() => 429));
      return;
    }
  }, 60_000);

  const widgetSession = async (base: string): Promise<string> => {
    const res = await fetch(`${base}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  const send = async (base: string, token: string): Promise<number> => {
    const res = await fetch(`${base}/api/widget/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: 'How do I connect to Wi-Fi?' }),
      signal: AbortSignal.timeout(15_000),
    });
    await res.text(); // the whole stream
    return res.status;
  };
});

import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { EmbeddedIndex } from '@switchboard/knowledge';
import { freePort } from '@switchboard/local-redis';
import { createSyncWorker, RedisRecordStore, type SyncWorker } from '@switchboard/sync';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppOptions, buildApp } from '../../apps/server/src/app.ts';
import { adminParts } from '../support/admin-parts.ts';
import { MapConversationStore, tinyAssistant } from '../support/tiny-assistant.ts';
import { runTracedCli, type TracedRun } from './loaded-modules.ts';

const TOKEN = 'cli-server-admin-token';
/** What opening the index, or talking to Redis/BullMQ directly, would have loaded. */
const INDEX_OR_QUEUE = ['@lancedb/lancedb', 'apache-arrow', 'bullmq', 'ioredis'];

/**
 * The CLI while a server runs: a real HTTP server on loopback (the admin API over a real queue,
 * source store and run history in Redis, a tiny real assistant) and a real sync worker writing
 * its own LanceDB index. The CLI must go through the server: the module trace of each CLI
 * process shows it never loaded LanceDB (it cannot have opened the index: no second writer) and
 * never talked to Redis itself.
 */
describe('switchboard with a server running (CLI processes, real HTTP, real worker)', () => {
  const prefix = `test-${randomUUID()}:`;
  let redis: Redis;
  let dir: string;
  let index: EmbeddedIndex;
  let worker: SyncWorker;
  let parts: ReturnType<typeof adminParts>;
  let servers: FastifyInstance[];
  let env: Record<string, string>;

  async function listen(options: Pick<AppOptions, 'admin'>): Promise<number> {
    const assistant = tinyAssistant(new MapConversationStore());
    const app = await buildApp({
      assistant,
      health: async () => ({ status: 'ok', checks: {} }),
      maxMessageChars: 1000,
      ...(options.admin ? { admin: { ...options.admin, assistant } } : {}),
    });
    servers.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    return (app.server.address() as AddressInfo).port;
  }

  beforeAll(async () => {
    servers = [];
    dir = await mkdtemp(join(tmpdir(), 'sb-cli-server-'));
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    parts = adminParts(redis, prefix);
    index = await EmbeddedIndex.open({ directory: join(dir, 'server-index') });
    worker = createSyncWorker({
      connection: redis,
      index,
      records: new RedisRecordStore({ redis, prefix: `${prefix}records:` }),
      registry: parts.sources,
      prefix: `${prefix}bull`,
      queueName: parts.queue.name,
      historyPrefix: `${prefix}history:`,
    });
    const port = await listen({ admin: { token: TOKEN, ...parts } });
    env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      SWITCHBOARD_ADMIN_TOKEN: TOKEN,
      SWITCHBOARD_DATA_DIR: join(dir, 'cli-data'),
      // The CLI must not need Redis while a server answers: nothing listens here.
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    };
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    await worker?.close();
    await index?.close();
    await parts?.queue.obliterate({ force: true });
    await parts?.queue.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  /** The CLI run succeeded, went through the server and never opened an index or Redis. */
  function expectThroughServer(run: TracedRun): void {
    expect(run.code, run.stderr).toBe(0);
    expect(INDEX_OR_QUEUE.filter((p) => run.packages.has(p))).toEqual([]);
  }

  it('ask is answered by the server: no index opened, no worker, no data written here', async () => {
    const run = await runTracedCli(['ask', 'I', 'forgot', 'my', 'password'], env);
    expectThroughServer(run);
    expect(run.stdout).toMatch(/^Use the reset link\.\n\nroute: +brand /);
    expect(run.stderr).toBe('');
    // The CLI's own data directory was never created (no index, no models, no Redis files).
    expect(await readdir(dir)).not.toContain('cli-data');

    const json = await runTracedCli(
      ['ask', 'How do I pair the sensor over Wi-Fi?', '--conversation', 'c-42', '--json'],
      env,
    );
    expectThroughServer(json);
    expect(JSON.parse(json.stdout)).toMatchObject({
      conversationId: 'c-42',
      route: 'knowledge',
      citations: [expect.objectContaining({ docId: 'wifi.md' })],
    });
  });

  it('ingest makes the folder a source of the server, whose worker writes the index', async () => {
    const docs = join(dir, 'guides');
    await mkdir(docs);
    await writeFile(join(docs, 'heating.md'), '# Heating\n\nTurn the dial to warm up.\n');
    await writeFile(join(docs, 'cooling.md'), '# Cooling\n\nOpen the window to cool down.\n');
    const run = await runTracedCli(['ingest', docs], env);
    expectThroughServer(run);
    const source = `cli:${basename(docs)}`;
    expect(run.stdout).toMatch(new RegExp(`^source +${source}$`, 'm'));
    expect(run.stdout).toMatch(/^documents +2$/m);
    expect(run.stdout).toMatch(/^added +2$/m);
    // No bar: stderr is not a terminal.
    expect(run.stderr).toBe('');
    expect((await index.listChunks({ source })).map((c) => c.docId).sort()).toEqual([
      'cooling.md',
      'heating.md',
    ]);

    const listed = await runTracedCli(['sources', 'list'], env);
    expectThroughServer(listed);
    const [head, row] = listed.stdout.split('\n');
    expect(head).toMatch(/^NAME +KIND +ORIGIN +TARGET +STATE +LAST RUN$/);
    expect(row).toMatch(
      new RegExp(`^${source} +directory +runtime +${docs} +active +.* incremental: 2 documents$`),
    );

    // Another folder under a taken name is refused (one line), not silently re-pointed.
    const other = join(dir, 'other', basename(docs));
    await mkdir(other, { recursive: true });
    const clash = await runTracedCli(['ingest', other], env);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(
      /^switchboard: source "cli:guides" already syncs .*: pass --source NAME for .*\n$/,
    );
  });

  it('sync --wait off a terminal: no bar, the totals of the documents listed', async () => {
    const source = `cli:guides`;
    const run = await runTracedCli(['sync', source, '--wait'], env);
    expectThroughServer(run);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^documents +2: 0 added, 0 updated, 2 unchanged, 0 failed$/m);
    const status = await runTracedCli(['status'], env);
    expectThroughServer(status);
    expect(status.stdout).toMatch(new RegExp(`^${source} +ok +.* incremental: 2 documents$`, 'm'));
  });

  it('without the admin token, ask uses the chat API, and says what to set when it is closed', async () => {
    const port = await listen({});
    const run = await runTracedCli(['ask', 'hello'], {
      ...env,
      PORT: String(port),
      SWITCHBOARD_ADMIN_TOKEN: '',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^switchboard: a server is running at http:\/\/127\.0\.0\.1:\d+ and its \/api\/chat wants an API key: set SWITCHBOARD_ADMIN_TOKEN .*\n$/,
    );
    expect(INDEX_OR_QUEUE.filter((p) => run.packages.has(p))).toEqual([]);
  });
});

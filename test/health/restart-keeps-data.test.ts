import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type LocalRedis, pingRedis, startRedisServer } from '@switchboard/local-redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import {
  killServer,
  probe,
  type ServerProcess,
  startServerProcess,
  waitUntil,
} from '../support/server-process.ts';

const TOKEN = 'restart-test-admin-token';
/** The reply every reset_password example gets in the promoted version's dataset. */
const NEW_REPLY =
  'Restart-proof reply: open Settings, then Security, and choose Reset password in the {{Company Name}} app.';
const PASSWORD_QUESTION = 'I forgot my password and cannot log in';
const OUTDOOR_SENSOR = `# Mounting the Nimbus outdoor sensor

## Where to mount it
Mount the Nimbus outdoor sensor on a north-facing wall, 1.5 metres above the ground and out of
direct sunlight, so the thermostat reads the true outdoor temperature.
`;

/** What a server printed, one entry per line: a JSON line's `msg` (or event), other lines as they are. */
function said(server: ServerProcess): string {
  return server.lines
    .map((line) => {
      try {
        const parsed = JSON.parse(line) as { msg?: unknown; event?: unknown };
        return String(parsed.msg ?? parsed.event ?? line);
      } catch {
        return line;
      }
    })
    .join('\n');
}
/** The structured events a server logged, by name. */
function events(server: ServerProcess, name: string): Array<Record<string, unknown>> {
  return server.lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed.event === name ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

type Run = { trigger: string; mode: string; added: number; updated: number; unchanged: number };
type ChatReply = { route: string; text: string; citations: Array<{ docId: string }> };
type Held = { conversationId: string; grant: string; turns: unknown[] };

/**
 * Issue 11 "nothing lost": the real server with defaults (bundled sample, its own private
 * redis-server under the data directory, on a free port instead of 6379). A model version is
 * promoted, feedback recorded, a source added at run time and three conversations held; after a
 * stop and a start all of it is still there and the start-up sync added no document. Then the
 * data directory is deleted while Redis is kept: the server re-syncs and answers with citations.
 */
describe('a restart keeps everything (real server, its private persistent Redis)', () => {
  let root: string;
  let dataDir: string;
  let redisPort: number;
  let base: string;
  let env: Record<string, string>;
  let keptRedis: LocalRedis | undefined;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-restart-keeps-'));
    dataDir = join(root, 'data');
    await mkdir(join(root, 'extra-docs'), { recursive: true });
    await writeFile(join(root, 'extra-docs', 'outdoor-sensor.md'), OUTDOOR_SENSOR);
    redisPort = await freePort();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Defaults, except where to listen, where Redis is (never the machine's 6379) and the admin API.
    env = {
      SWITCHBOARD_DATA_DIR: dataDir,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      PORT: String(port),
      SWITCHBOARD_ADMIN_TOKEN: TOKEN,
    };
  });

  afterAll(async () => {
    for (const server of servers) await killServer(server);
    await keptRedis?.stop();
    // A private redis-server outlives a killed server: stop whatever still listens on our port.
    if (await pingRedis(env.REDIS_URL!)) {
      const client = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 0 });
      await client.call('SHUTDOWN', 'NOSAVE').catch(() => {});
      client.disconnect();
    }
    await rm(root, { recursive: true, force: true });
  });

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/admin/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const runs = async (source: string) =>
    ((await admin('GET', `/sources/${source}/runs`)).body.runs ?? []) as Run[];
  const ask = async (message: string): Promise<ChatReply> => {
    const res = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as ChatReply;
  };
  const widget = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${base}/api/widget${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, text: await res.text() };
  };
  /** A widget conversation: a session, one message (streamed), its reply's message id. */
  const converse = async (message: string) => {
    const session = JSON.parse((await widget('/session', {})).text) as {
      token: string;
      conversationId: string;
      grant: string;
    };
    const stream = await widget('/chat', { message }, session.token);
    expect(stream.status).toBe(200);
    const done = /^event: done\ndata: (.*)$/m.exec(stream.text)?.[1];
    const { reply } = JSON.parse(done ?? '{}') as { reply: { messageId: string } };
    return { ...session, messageId: reply.messageId };
  };
  /** Reopens a conversation with its grant (as the widget does after a reload) and reads it. */
  const transcript = async ({
    conversationId,
    grant,
  }: {
    conversationId: string;
    grant: string;
  }) => {
    const session = await widget('/session', { conversationId, grant });
    expect(session.status, session.text).toBe(200);
    const { token } = JSON.parse(session.text) as { token: string };
    return (JSON.parse((await widget('/conversation', undefined, token)).text) as Held).turns;
  };

  const start = async (what: string): Promise<ServerProcess> => {
    const server = startServerProcess(env);
    servers.push(server);
    await waitUntil(
      `${what}: /readyz to answer 200`,
      async () => (await probe(`${base}/readyz`))?.status === 200,
      120_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; it printed:\n${server.timed().slice(-40).join('\n')}`);
    });
    return server;
  };
  /** SIGTERM, as Ctrl-C or a service manager stops it; resolves when the process has exited. */
  const stop = async (server: ServerProcess): Promise<void> => {
    if (server.proc.exitCode !== null) return;
    const exited = new Promise((done) => server.proc.once('exit', done));
    server.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    expect(server.proc.exitCode, server.timed().slice(-20).join('\n')).toBe(0);
  };
  const cli = async (...argv: string[]) => {
    const result = await runCli(argv, env);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  /** The sample brand data with every reset_password reply replaced: a visibly different version. */
  async function writeCandidateDataset(): Promise<string> {
    const sample = await readFile(
      new URL('../../data/sample/brand-voice.jsonl', import.meta.url),
      'utf8',
    );
    const rows = sample
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const row = JSON.parse(line) as {
          messages: Array<{ role: string; content: string }>;
          intent: string;
        };
        if (row.intent !== 'reset_password') return row;
        const messages = row.messages.map((m) =>
          m.role === 'assistant' ? { ...m, content: NEW_REPLY } : m,
        );
        return { ...row, messages };
      });
    const dir = join(root, 'dataset');
    await mkdir(dir, { recursive: true });
    const jsonl = (list: unknown[]) => `${list.map((r) => JSON.stringify(r)).join('\n')}\n`;
    await writeFile(join(dir, 'train.jsonl'), jsonl(rows));
    const held = rows.filter((r, i) => r.intent === 'reset_password' || i % 9 === 0);
    await writeFile(join(dir, 'validation.jsonl'), jsonl(held));
    return dir;
  }

  it('stop and start: model, feedback, source, conversations kept, 0 documents re-added; then a lost data dir re-syncs', async () => {
    // ---- First start: everything is created.
    const first = await start('the first start');
    expect(said(first)).toContain(
      `started a private redis-server at ${env.REDIS_URL} (REDIS_URL was unreachable), keeping its data in ${join(dataDir, 'redis')}`,
    );
    expect(events(first, 'redis.persistence')).toEqual([
      expect.objectContaining({ kind: 'append-only', appendfsync: 'everysec' }),
    ]);
    expect(events(first, 'redis.persistence.none')).toEqual([]);

    const trained = await cli(
      'brand',
      'train',
      '--local',
      '--dataset',
      await writeCandidateDataset(),
      '--wait',
      '--json',
    );
    const version = String(trained.version);
    await cli('brand', 'models', 'promote', version, '--json');
    const brandedReply = NEW_REPLY.replace('{{Company Name}}', 'Nimbus Home');
    await expect
      .poll(async () => (await ask(PASSWORD_QUESTION)).text, { timeout: 10_000 })
      .toBe(brandedReply);

    const added = await admin('POST', '/sources', {
      name: 'extra',
      kind: 'directory',
      root: join(root, 'extra-docs'),
    });
    expect(added.status).toBe(201);
    expect((await admin('POST', '/sources/extra/sync')).status).toBe(202);
    await waitUntil(
      'the added source to sync',
      async () => (await runs('extra')).length > 0,
      30_000,
    );
    expect((await runs('extra'))[0]).toMatchObject({ added: 1 });

    const held = [
      await converse('How do I pair a room sensor?'),
      await converse(PASSWORD_QUESTION),
      await converse('Where should I mount the outdoor sensor?'),
    ];
    const feedback = await widget(
      '/feedback',
      { messageId: held[0]!.messageId, rating: 'down', reason: 'restart test' },
      held[0]!.token,
    );
    expect(feedback.status).toBe(200);
    const before = await Promise.all(held.map(transcript));
    expect(before.map((turns) => turns.length)).toEqual([2, 2, 2]);
    const defaultRuns = (await runs('default')).length;

    // ---- Stop and start again, defaults unchanged.
    await stop(first);
    expect(await pingRedis(env.REDIS_URL!)).toBe(false); // its private Redis stopped with it
    const second = await start('the restart');

    // The promoted version serves again.
    expect(said(second)).toContain(`(registry version ${version})`);
    expect((await ask(PASSWORD_QUESTION)).text).toBe(brandedReply);
    // The feedback.
    const recorded = (await admin('GET', '/feedback')).body.feedback as Array<{ reason?: string }>;
    expect(recorded.map((f) => f.reason)).toContain('restart test');
    // The source added at run time, with its history and no new run.
    const sources = (await admin('GET', '/sources')).body.sources as Array<{ name: string }>;
    expect(sources.map((s) => s.name)).toEqual(['default', 'extra']);
    expect(await runs('extra')).toHaveLength(1);
    // The three conversations, turn for turn.
    expect(await Promise.all(held.map(transcript))).toEqual(before);
    // The start-up sync found every document unchanged: nothing re-added.
    const afterRestart = await runs('default');
    expect(afterRestart).toHaveLength(defaultRuns + 1);
    expect(afterRestart[0]).toMatchObject({ trigger: 'startup', added: 0, updated: 0 });
    expect(afterRestart[0]?.unchanged).toBeGreaterThan(10);

    // ---- The data directory is lost; Redis (its append-only file) is kept and served as is.
    await stop(second);
    await rename(join(dataDir, 'redis'), join(root, 'kept-redis'));
    await rm(dataDir, { recursive: true, force: true });
    keptRedis = await startRedisServer({
      directory: join(root, 'kept-redis'),
      port: redisPort,
      appendOnly: true,
    });
    const third = await start('the start on a fresh data directory');
    const saidThird = said(third);
    expect(saidThird).toMatch(
      /source "default": its records list \d+ documents .* re-syncing it in full/,
    );
    expect(saidThird).toMatch(
      /source "extra": its records list 1 documents .* re-syncing it in full/,
    );
    expect((await runs('default'))[0]).toMatchObject({ trigger: 'startup', mode: 'full' });
    expect((await runs('extra'))[0]).toMatchObject({ trigger: 'startup', mode: 'full' });

    const product = await ask('How do I pair a room sensor?');
    expect(product.route).toBe('knowledge');
    expect(product.citations.length).toBeGreaterThan(0);
    const extra = await ask('Where should I mount the outdoor sensor?');
    expect(extra.citations.map((c) => c.docId)).toContain('outdoor-sensor.md');
    // The conversations are in Redis, so they are still there too.
    expect(await Promise.all(held.map(transcript))).toEqual(before);
  }, 300_000);
});

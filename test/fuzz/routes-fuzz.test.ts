import { watchEventLoop } from '@switchboard/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../support/http-server.ts';
import { useTestRedis } from '../support/test-redis.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { lateAnswers } from './late-answers.ts';
import { NAMES, Rng } from './random.ts';
import { type RawOutcome, type RawRequest, sendRaw } from './raw-http.ts';
import {
  type Credentials,
  encodeSegment,
  fuzzRequest,
  slackSignature,
  unknownRouteRequest,
} from './requests.ts';
import { type AppRoute, listRoutes } from './route-list.ts';
import {
  REQUEST_TIMEOUT_MS,
  type ServerUnderTest,
  startServerUnderTest,
} from './server-under-test.ts';

/** FUZZ_SEED=<n> replays a run; the seed is printed either way. */
const SEED = Number(process.env.FUZZ_SEED) || Date.now() % 1_000_000_007;
/** Generated requests over real sockets to the server process, and through `inject()`. */
const SOCKET_REQUESTS = 3_000;
const INJECT_REQUESTS = 1_200;
const CONCURRENCY = 12;
/** A response later than the request timeout plus this much is a hang. */
const HANG_GRACE_MS = 5_000;

interface Finding {
  where: 'socket' | 'inject';
  request: string;
  status?: number;
  detail: string;
}

function describeRequest(request: RawRequest): string {
  const body = request.body?.toString('utf8') ?? '';
  const headers = request.headers.map(([n, v]) => `${n}: ${v.slice(0, 80)}`).join(' | ');
  return `${request.method} ${request.target.slice(0, 200)} [${headers}] ${body.slice(0, 300)}${body.length > 300 ? `…(${body.length} bytes)` : ''}`;
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Requests a client library would not send: broken request lines, framing and headers. */
const PROTOCOL_ABUSE: RawRequest[] = [
  { method: 'GET', target: '/healthz HTTP/1.1\r\nX: y', headers: [] },
  { method: 'G\u0000T', target: '/healthz', headers: [] },
  { method: 'GET', target: '*', headers: [] },
  { method: 'GET', target: `/${'a'.repeat(20_000)}`, headers: [] },
  { method: 'GET', target: '/healthz', headers: [['X-Big', 'b'.repeat(20_000)]] },
  { method: 'GET', target: '/healthz', headers: [['Bad Header', 'x']] },
  { method: 'GET', target: '/healthz', headers: [['X-Ctl', 'a\u0001b']] },
  {
    method: 'POST',
    target: '/api/chat',
    headers: [['Content-Length', '5']],
    body: Buffer.from('{}'),
  },
  {
    method: 'POST',
    target: '/api/chat',
    headers: [
      ['Transfer-Encoding', 'chunked'],
      ['Content-Type', 'application/json'],
    ],
    body: Buffer.from('zz\r\n{}\r\n0\r\n\r\n'),
    noContentLength: true,
  },
  {
    method: 'POST',
    target: '/slack/events',
    headers: [
      ['Transfer-Encoding', 'chunked'],
      ['Content-Length', '3'],
    ],
    body: Buffer.from('0\r\n\r\n'),
    noContentLength: true,
  },
  { method: 'GET', target: '/%', headers: [] },
  { method: 'GET', target: '/help/%E0%A4%A', headers: [] },
  { method: 'GET', target: '/admin/api/sources/%', headers: [] },
  { method: 'GET', target: '//admin//api', headers: [] },
  { method: 'GET', target: 'http://evil.example/healthz', headers: [] },
  ...NAMES.map((name) => ({ method: 'GET', target: `/${name}`, headers: [] })),
];

/** The dictionary, deterministically, where it matters most: message texts and path segments. */
function dictionarySweep(routes: AppRoute[], c: Credentials, json: (v: unknown) => Buffer) {
  const requests: RawRequest[] = [];
  const auth = (token: string): Array<[string, string]> => [
    ['Authorization', `Bearer ${token}`],
    ['Content-Type', 'application/json'],
  ];
  // The bodies that used to crash the process (issue 9), correctly signed.
  for (const body of [
    'null',
    '[]',
    '{"event":null}',
    '{"team_id":{},"event":{"type":"x"}}',
    'payload=null',
  ])
    requests.push({
      method: 'POST',
      target: '/slack/events',
      headers: [
        [
          'Content-Type',
          body.startsWith('payload') ? 'application/x-www-form-urlencoded' : 'application/json',
        ],
        ...slackSignature(c.slackSecret, Buffer.from(body)),
      ],
      body: Buffer.from(body),
    });
  for (const name of NAMES) {
    requests.push(
      {
        method: 'POST',
        target: '/api/chat',
        headers: auth(c.apiKey),
        body: json({ message: name }),
      },
      {
        method: 'POST',
        target: '/api/chat?stream=1',
        headers: auth(c.apiKey),
        body: json({ message: `how do I ${name}?`, conversationId: name }),
      },
      {
        method: 'POST',
        target: '/api/widget/chat',
        headers: [...auth(c.widgetToken), ['Origin', c.widgetOrigin]],
        body: json({ message: name }),
      },
      {
        method: 'POST',
        target: '/api/widget/feedback',
        headers: [...auth(c.widgetToken), ['Origin', c.widgetOrigin]],
        body: json({ messageId: name, rating: 'up', [name]: name }),
      },
    );
    for (const route of routes.filter((r) => /[:*]/.test(r.path))) {
      const target = route.path
        .replace(/:[A-Za-z_]+/g, encodeSegment(name))
        .replace(/\*/g, encodeSegment(name));
      const token = route.path.startsWith('/admin') ? c.adminToken : c.widgetToken;
      requests.push({
        method: route.methods[0] ?? 'GET',
        target,
        headers: auth(token),
        body: json({}),
      });
    }
  }
  return requests;
}

describe('fuzzing every route (issue 9): no exits, no 5xx, no hangs', () => {
  const test = useTestRedis();
  let server: ServerUnderTest;
  let inProcess: InProcessApp;
  let sink: LocalServer;
  let routes: AppRoute[];
  const findings: Finding[] = [];
  const counts = { socket: 0, inject: 0, byStatus: new Map<number, number>(), noAnswer: 0 };

  beforeAll(async () => {
    sink = await startLocalServer((_req, res) => sendJson(res, 200, { id: 'ok' }));
    [server, inProcess] = await Promise.all([
      startServerUnderTest(),
      startInProcessApp(test.redis, test.prefix, `${sink.url}/`),
    ]);
    routes = listRoutes(inProcess.app);
  }, 180_000);

  afterAll(async () => {
    await inProcess?.close();
    await server?.stop();
    await sink?.close();
    const statuses = [...counts.byStatus.entries()].sort(([a], [b]) => a - b);
    console.log(
      `fuzz seed ${SEED}: ${counts.socket} requests over sockets, ${counts.inject} through inject(), ${routes?.length ?? 0} routes; statuses ${statuses.map(([s, n]) => `${s}×${n}`).join(' ')}; closed without answer ${counts.noAnswer}; findings ${findings.length}`,
    );
  }, 60_000);

  const record = (where: Finding['where'], request: RawRequest, outcome: Partial<RawOutcome>) => {
    counts[where] += 1;
    if (outcome.status !== undefined)
      counts.byStatus.set(outcome.status, (counts.byStatus.get(outcome.status) ?? 0) + 1);
    else counts.noAnswer += 1;
    const problem =
      outcome.hung || (outcome.ms ?? 0) > REQUEST_TIMEOUT_MS + HANG_GRACE_MS
        ? `no answer within ${REQUEST_TIMEOUT_MS + HANG_GRACE_MS} ms`
        : outcome.error === 'ECONNREFUSED'
          ? 'connection refused: the server is gone'
          : outcome.status !== undefined && outcome.status >= 500
            ? (outcome.text ?? '').slice(0, 400)
            : undefined;
    if (problem)
      findings.push({
        where,
        request: describeRequest(request),
        ...(outcome.status !== undefined ? { status: outcome.status } : {}),
        detail: problem,
      });
  };

  it('lists the routes to fuzz from the app itself', () => {
    const paths = routes.map((r) => r.path);
    for (const expected of [
      '/api/chat',
      '/api/widget/session',
      '/slack/events',
      '/api/messages',
      '/api/handoff/replies',
      '/admin/api/sources',
      '/admin/api/session/',
      '/admin',
      '/admin/queues',
      '/help/*',
      '/widget.js',
      '/healthz',
    ])
      expect(paths).toContain(expected);
  });

  it('survives the generated, dictionary and protocol-level inputs over real sockets', async () => {
    const rng = new Rng(SEED);
    const c = server.credentials;
    const json = (v: unknown) => Buffer.from(JSON.stringify(v));
    const requests: RawRequest[] = [...PROTOCOL_ABUSE, ...dictionarySweep(routes, c, json)];
    for (let i = 0; i < SOCKET_REQUESTS; i += 1)
      requests.push(
        rng.chance(0.05) ? unknownRouteRequest(rng) : fuzzRequest(rng.pick(routes), c, rng),
      );
    const outputBefore = server.output().length;
    const harnessBlocks: string[] = [];
    const stopWatching = watchEventLoop({
      log: { warn: (_event, fields) => void harnessBlocks.push(JSON.stringify(fields)) },
    });
    const spans: Array<{ start: number; end: number; timedOut: boolean; request: RawRequest }> = [];
    await pool(requests, CONCURRENCY, async (request) => {
      const start = Date.now();
      const outcome = await sendRaw(server.port, request, REQUEST_TIMEOUT_MS + HANG_GRACE_MS);
      const timedOut = outcome.hung || outcome.ms > REQUEST_TIMEOUT_MS + HANG_GRACE_MS;
      spans.push({ start, end: Date.now(), timedOut, request });
      // A late answer is judged below, once every request's time is known.
      record('socket', request, timedOut ? { ...outcome, hung: false, ms: 0 } : outcome);
    });
    stopWatching();
    findings.push(
      ...lateAnswers(spans, server.output().slice(outputBefore), harnessBlocks).map((f) => ({
        ...f,
        request: describeRequest(f.request),
      })),
    );
    // Still alive, still answering: liveness and a real question.
    const health = await fetch(`${c.widgetOrigin}/healthz`);
    expect(health.status).toBe(200);
    const chat = await fetch(`${c.widgetOrigin}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.apiKey}` },
      body: JSON.stringify({ message: 'How do I pair a room sensor?' }),
    });
    expect(chat.status).toBe(200);
    expect(server.exit()).toBeUndefined();
    const socketFindings = findings.filter((f) => f.where === 'socket');
    if (socketFindings.length > 0) {
      console.log(`server output (tail):\n${server.output().slice(-4_000)}`);
      console.log(JSON.stringify(socketFindings, null, 1));
    }
    expect(socketFindings.slice(0, 25)).toEqual([]);
  }, 240_000);

  it('survives the generated inputs through inject() (Bot Framework with credentials included)', async () => {
    const rng = new Rng(SEED + 1);
    const c = inProcess.credentials;
    for (let i = 0; i < INJECT_REQUESTS; i += 1) {
      const request = rng.chance(0.05)
        ? unknownRouteRequest(rng)
        : fuzzRequest(
            rng.chance(0.2) ? { path: '/api/messages', methods: ['POST'] } : rng.pick(routes),
            c,
            rng,
          );
      const started = Date.now();
      let response: { statusCode: number; body: string } | undefined;
      try {
        response = await inProcess.app.inject({
          method: request.method as 'GET',
          url: request.target,
          headers: Object.fromEntries(request.headers),
          ...(request.body?.length ? { payload: request.body } : {}),
        });
      } catch {
        // inject() itself refused the request (an invalid header or URL): no server involved.
        counts.inject += 1;
        continue;
      }
      record('inject', request, {
        status: response.statusCode,
        text: response.body.slice(0, 400),
        ms: Date.now() - started,
      });
    }
    expect(findings.filter((f) => f.where === 'inject').slice(0, 25)).toEqual([]);
  }, 240_000);

  it('sent at least 5,000 inputs in all', () => {
    expect(counts.socket + counts.inject).toBeGreaterThanOrEqual(5_000);
  });
});

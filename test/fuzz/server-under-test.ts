import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeSlackApi, startFakeSlackApi } from '../support/fake-slack-api.ts';
import { type LocalServer, sendJson, startLocalServer } from '../support/http-server.ts';
import { runtimeEnv } from '../support/runtime-env.ts';
import type { Credentials } from './requests.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The time limits the server under test runs with: what "a hang" is measured against. */
export const REQUEST_TIMEOUT_MS = 5_000;
export const HEADERS_TIMEOUT_MS = 2_000;

export interface ServerUnderTest {
  port: number;
  credentials: Credentials;
  /** Set when the process exited (it must not). */
  exit(): { code: number | null; signal: string | null } | undefined;
  /** The server's output (stdout and stderr), for the report when something fails. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node apps/server/bin/server.js` as an operator runs it, in its own process: a temp data dir,
 * the run's private Redis, a two-article help centre, a small brand-voice set, every channel on
 * (Slack against a fake Web API, Bot Framework in local mode, the handoff webhook to a sink).
 */
export async function startServerUnderTest(): Promise<ServerUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-fuzz-'));
  const slack: FakeSlackApi = await startFakeSlackApi();
  const sink: LocalServer = await startLocalServer((_req, res) => sendJson(res, 200, { id: 'ok' }));
  const secret = () => randomBytes(24).toString('hex');
  const partial = {
    apiKey: secret(),
    adminToken: secret(),
    slackSecret: secret(),
    handoffSecret: secret(),
    sinkUrl: `${sink.url}/`,
  };
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    ...runtimeEnv(dataDir, {
      HOST: '127.0.0.1',
      PORT: '0',
      // Info: the harness reads the port and readiness from the "listening at" and "ready" lines.
      LOG_LEVEL: 'info',
      SWITCHBOARD_KNOWLEDGE_PATH: join(fixtures, 'help'),
      SWITCHBOARD_BRAND_DATA: join(fixtures, 'brand-voice.jsonl'),
      SWITCHBOARD_ADMIN_TOKEN: partial.adminToken,
      // Read by the config once /api/chat takes API keys; an unknown variable is ignored.
      SWITCHBOARD_API_KEYS: `fuzz:${partial.apiKey}`,
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_SESSION_PER_MINUTE: '1000000',
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_SIGNING_SECRET: partial.slackSecret,
      SLACK_API_URL: `${slack.url}`,
      SLACK_ADMIN_USER_IDS: 'U0CUSTOMER',
      BOTFRAMEWORK_LOCAL: 'true',
      HANDOFF_WEBHOOK_URL: `${sink.url}/handoff`,
      HANDOFF_WEBHOOK_SECRET: partial.handoffSecret,
      // The fuzz client names a different address per request (X-Forwarded-For from loopback),
      // so the admin login throttle, which keys on the address, does not lock every route out.
      TRUST_PROXY: 'loopback',
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    }),
  };
  const proc: ChildProcess = spawn(process.execPath, ['apps/server/bin/server.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited: { code: number | null; signal: string | null } | undefined;
  proc.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  proc.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let listening: number | undefined;
    proc.stdout?.on('data', (chunk) => {
      output += String(chunk);
      listening ??=
        Number(/listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]) || undefined;
      // Knowledge synced and router fitted: answers are the real ones from here on.
      if (listening && output.includes('ready: chat API')) resolve(listening);
    });
    proc.once('exit', (code) =>
      reject(new Error(`server exited (${code}) before ready:\n${output}`)),
    );
  });
  const widgetOrigin = `http://127.0.0.1:${port}`;
  const session = await fetch(`${widgetOrigin}/api/widget/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: widgetOrigin },
    body: '{}',
  });
  if (!session.ok) throw new Error(`no widget session: ${session.status} ${await session.text()}`);
  const { token } = (await session.json()) as { token: string };
  return {
    port,
    credentials: { ...partial, widgetToken: token, widgetOrigin },
    exit: () => exited,
    output: () => output,
    async stop() {
      if (!exited) {
        const gone = new Promise((done) => proc.once('exit', done));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      await slack.close();
      await sink.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

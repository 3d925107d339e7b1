import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { RedisDocsGapLog, RedisFeedbackStore } from '@switchboard/assistant';
import { createBotFrameworkChannel } from '@switchboard/botframework';
import { harvestKeyPrefix, RedisHarvestStore } from '@switchboard/fine-tuning';
import { createSlackChannel, RedisStateStore, type SlackChannel } from '@switchboard/slack';
import { ApiKeyRing, RedisFailureThrottle, RedisRateLimiter } from '@switchboard/web-channel';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../apps/server/src/app.ts';
import { adminParts } from '../support/admin-parts.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../support/fake-slack-api.ts';
import { silent } from '../support/slack-harness.ts';
import { MapConversationStore, tinyAssistant, tinyWebOptions } from '../support/tiny-assistant.ts';
import type { Credentials } from './requests.ts';

const WIDGET_CODE = 'void 0;';
/** A stand-in bundle: /widget.js is fuzzed for its headers and conditional requests, not its code. */
const WIDGET = {
  code: WIDGET_CODE,
  etag: '"fuzz"',
  gzip: gzipSync(WIDGET_CODE),
  bytes: WIDGET_CODE.length,
  gzipBytes: gzipSync(WIDGET_CODE).length,
};

export interface InProcessApp {
  app: FastifyInstance;
  credentials: Credentials;
  close(): Promise<void>;
}

/**
 * Every option of `buildApp` turned on over the smallest real parts (Redis stores, the tiny
 * assistant), with the Bot Framework channel *authenticated* (an app id and password): the
 * child server runs it in local mode, and config allows only one of the two. Its route list is
 * the list the fuzz test covers. Requests reach it through `inject()`.
 */
export async function startInProcessApp(
  redis: Redis,
  prefix: string,
  sinkUrl: string,
): Promise<InProcessApp> {
  const memory = new MapConversationStore();
  const credentials = {
    apiKey: 'in-process-fuzz-key-0123456789abcdefghij',
    adminToken: 'in-process-admin-token-0123456789abcdef',
    slackSecret: 'in-process-slack-secret-0123456789',
    handoffSecret: 'in-process-handoff-secret-0123456789',
    sinkUrl,
  };
  const fakeSlack: FakeSlackApi = await startFakeSlackApi();
  const feedback = new RedisFeedbackStore({ redis, prefix });
  const harvest = new RedisHarvestStore({ redis, prefix: harvestKeyPrefix(prefix) });
  const slack: SlackChannel = createSlackChannel(
    {
      assistant: tinyAssistant(memory),
      feedback,
      handoff: { request: async () => ({ delivered: [], failed: [] }) },
      state: new RedisStateStore({ redis, prefix }),
    },
    {
      config: {
        mode: 'http',
        botToken: 'xoxb-in-process',
        signingSecret: credentials.slackSecret,
        adminUserIds: [],
        apiUrl: fakeSlack.url,
      },
      logger: silent,
    },
  );
  await slack.start();
  const botframework = createBotFrameworkChannel(
    {
      assistant: tinyAssistant(memory),
      feedback,
      handoff: { request: async () => ({ delivered: [], failed: [] }) },
    },
    {
      mode: 'authenticated',
      appId: '00000000-0000-4000-8000-000000000009',
      appPassword: 'not-a-real-secret',
      appType: 'MultiTenant',
    },
  );
  const admin = adminParts(redis, prefix);
  const web = tinyWebOptions(redis, prefix, memory, {
    rateLimits: { perSessionPerMinute: 1_000_000, perIpPerMinute: 1_000_000 },
    demoPage: async () => '<!doctype html><title>demo</title>',
    demoAvatar: async () => '<svg xmlns="http://www.w3.org/2000/svg"/>',
    articles: { get: async () => undefined },
    widget: async () => WIDGET,
  });
  const app = await buildApp({
    assistant: tinyAssistant(memory),
    health: async () => ({ status: 'ok', checks: {} }),
    maxMessageChars: 2_000,
    api: {
      keys: new ApiKeyRing([
        { name: 'fuzz', sha256: createHash('sha256').update(credentials.apiKey).digest('hex') },
      ]),
      limiter: new RedisRateLimiter({ redis, prefix: `${prefix}api:` }),
      perKeyPerMinute: 1_000_000,
      allowLoopback: false,
    },
    admin: {
      token: credentials.adminToken,
      ...admin,
      feedback,
      gaps: new RedisDocsGapLog({ redis, prefix }),
      harvest,
      throttle: new RedisFailureThrottle({
        redis,
        prefix: `${prefix}admin-failures:`,
        maxFailures: 10,
        windowSeconds: 600,
      }),
    },
    slack,
    botframework,
    web,
    handoffReplies: { secret: credentials.handoffSecret, harvest },
  });
  await app.ready();
  const session = await app.inject({
    method: 'POST',
    url: '/api/widget/session',
    headers: { 'content-type': 'application/json', host: 'localhost' },
    payload: '{}',
  });
  const { token } = session.json() as { token: string };
  return {
    app,
    credentials: { ...credentials, widgetToken: token, widgetOrigin: 'http://localhost' },
    async close() {
      await app.close();
      await slack.stop();
      await admin.queue.close();
      await fakeSlack.close();
    },
  };
}

import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@switchboard/config';
import { openRuntime, type Runtime } from '@switchboard/runtime';
import type { SlackChannel } from '@switchboard/slack';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import { openSlack, slackHandoffTargets } from '../../apps/server/src/slack/open-slack.ts';
import {
  FAKE_BOT_USER,
  FAKE_TEAM,
  type FakeSlackApi,
  startFakeSlackApi,
} from '../support/fake-slack-api.ts';
import { runtimeEnv } from '../support/runtime-env.ts';

const SECRET = 'runtime-signing-secret-0123456789';

/**
 * The Slack channel as `npm start` wires it (config → runtime → openSlack → buildApp), with the
 * real assistant on the bundled sample: a thread is one conversation in the assistant's memory.
 */
describe('Slack channel on the real runtime (sample data)', () => {
  let dataDir: string;
  let fake: FakeSlackApi;
  let runtime: Runtime;
  let channel: SlackChannel | null;
  let server: FastifyInstance;
  let url: string;
  const said: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-slack-'));
    const config = loadConfig({
      ...runtimeEnv(dataDir),
      SLACK_BOT_TOKEN: 'xoxb-runtime',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_ADMIN_USER_IDS: 'U0ADMIN',
      SLACK_HANDOFF_CHANNEL: 'C0HANDOFF',
      SLACK_API_URL: fake.url,
    });
    runtime = await openRuntime(config, { handoffTargets: await slackHandoffTargets(config) });
    channel = await openSlack(config, runtime, (line) => said.push(line));
    server = await buildApp({
      assistant: runtime.assistant,
      health: () => runtime.health(),
      maxMessageChars: config.server.maxMessageChars,
      ...(channel ? { slack: channel } : {}),
    });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await channel?.stop();
    await runtime?.close();
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (body: string, contentType = 'application/json') => {
    const timestamp = Math.floor(Date.now() / 1000);
    const digest = createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex');
    return fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${digest}`,
      },
      body,
    });
  };
  const event = (id: string, payload: Record<string, unknown>) =>
    JSON.stringify({
      team_id: FAKE_TEAM,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: id,
      event_time: 1,
      event: payload,
    });

  it('says at start-up that Slack is on, in HTTP mode', () => {
    expect(said).toContain('slack: on (http mode) at /slack/events');
  });

  it('answers a thread follow-up with the thread history', async () => {
    const root = '1800000100.000100';
    await post(
      event('EvRoot', {
        type: 'app_mention',
        user: 'U0C',
        text: `<@${FAKE_BOT_USER}> How do I turn on Eco mode?`,
        ts: root,
        channel: 'C0GEN',
        event_ts: root,
      }),
    );
    await channel?.idle();
    const followUp = '1800000101.000100';
    await post(
      event('EvFollow', {
        type: 'message',
        channel_type: 'channel',
        user: 'U0C',
        text: 'and how do I turn it off?',
        ts: followUp,
        thread_ts: root,
        channel: 'C0GEN',
        event_ts: followUp,
      }),
    );
    await channel?.idle();

    const turns = await runtime.memory.load(`slack:${FAKE_TEAM}:C0GEN:${root}`);
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(turns[2]?.resolvedQuery?.toLowerCase()).toContain('eco');
    expect(fake.callsOf('chat.stopStream')).toHaveLength(2);
    expect(fake.callsOf('chat.startStream').map((c) => c.args.thread_ts)).toEqual([root, root]);
  });

  it('tells an admin when the source to re-sync does not exist', async () => {
    const body = new URLSearchParams({
      team_id: FAKE_TEAM,
      channel_id: 'C0GEN',
      user_id: 'U0ADMIN',
      command: '/switchboard',
      text: 'resync no-such-source',
      response_url: `${fake.url}response`,
      trigger_id: 't',
    }).toString();
    expect((await post(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await channel?.idle();
    expect(fake.callsOf('response')[0]?.args).toMatchObject({
      response_type: 'ephemeral',
      text: 'No source named "no-such-source".',
    });
  });
});

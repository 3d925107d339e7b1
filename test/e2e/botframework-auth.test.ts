import { RedisFeedbackStore } from '@switchboard/assistant';
import { createBotFrameworkChannel } from '@switchboard/botframework';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import { type LocalServer, sendJson, startLocalServer } from '../support/http-server.ts';
import { useTestRedis } from '../support/test-redis.ts';

/**
 * Who may talk to `POST /api/messages`: with an app id configured every activity needs a valid
 * Bot Framework JWT (checked without reaching the internet: a missing or forged token is refused
 * before any key download); local mode replies only to a connector on this machine.
 */
describe('Bot Framework endpoint authentication', () => {
  const testRedis = useTestRedis();
  let connector: LocalServer;
  let authenticated: FastifyInstance;
  let local: FastifyInstance;

  const untouchable = {
    stream: () => {
      throw new Error('an unauthenticated request reached the assistant');
    },
  };

  beforeAll(async () => {
    connector = await startLocalServer((_req, res) => sendJson(res, 200, { id: 'sent' }));
    const deps = {
      assistant: untouchable,
      feedback: new RedisFeedbackStore({ redis: testRedis.redis, prefix: testRedis.prefix }),
      handoff: { request: () => Promise.reject(new Error('not reachable')) },
    };
    const app = (channel: ReturnType<typeof createBotFrameworkChannel>) =>
      buildApp({
        assistant: { stream: untouchable.stream, reply: () => Promise.reject(new Error('unused')) },
        health: async () => ({ status: 'ok', checks: {} }),
        maxMessageChars: 2000,
        botframework: channel,
      });
    authenticated = await app(
      createBotFrameworkChannel(deps, {
        mode: 'authenticated',
        appId: '00000000-0000-4000-8000-000000000001',
        appPassword: 'not-a-real-secret',
        appType: 'MultiTenant',
      }),
    );
    local = await app(createBotFrameworkChannel(deps, { mode: 'local' }));
  });

  afterAll(async () => {
    await authenticated?.close();
    await local?.close();
    await connector?.close();
  });

  const activity = (serviceUrl = connector.url) => ({
    type: 'message',
    id: 'incoming-1',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'a:attacker', conversationType: 'personal' },
    from: { id: 'user-1', name: 'Mallory' },
    recipient: { id: 'bot', name: 'Switchboard' },
    text: 'How do I pair a room sensor?',
  });

  /** A well-formed JWT whose issuer is not the Bot Framework, signed by nobody in particular. */
  const forged = () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { iss: 'https://issuer.example', aud: '00000000-0000-4000-8000-000000000001' };
    return `${part({ alg: 'RS256', kid: 'x' })}.${part(claims)}.${Buffer.from('sig').toString('base64url')}`;
  };

  it.each([
    ['no Authorization header', undefined],
    ['a forged token', `Bearer ${forged()}`],
    ['a token that is not a JWT', 'Bearer let-me-in'],
  ])('refuses an activity with %s when credentials are configured (401)', async (_, header) => {
    const response = await authenticated.inject({
      method: 'POST',
      url: '/api/messages',
      headers: header ? { authorization: header } : {},
      payload: activity(),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(connector.requests).toEqual([]);
  });

  it('refuses a body that is not an activity (400)', async () => {
    const response = await local.inject({
      method: 'POST',
      url: '/api/messages',
      payload: [{ type: 'message' }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('in local mode, refuses to reply to a serviceUrl off this machine (403)', async () => {
    const response = await local.inject({
      method: 'POST',
      url: '/api/messages',
      payload: activity('https://smba.trafficmanager.net/teams/'),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

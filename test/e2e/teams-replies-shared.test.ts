import { createBotFrameworkChannel, type SentReplies } from '@switchboard/botframework';
import type { Feedback } from '@switchboard/core';
import { failFastRedisOptions } from '@switchboard/local-redis';
import { RedisTeamsReplies } from '@switchboard/runtime';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../support/http-server.ts';
import { useTestRedis } from '../support/test-redis.ts';
import { MapConversationStore, tinyAssistant } from '../support/tiny-assistant.ts';

/**
 * Teams rates a reply by its own activity id. With several server processes the rating can
 * reach another process than the one that sent the reply: the pair (Teams id → our message id)
 * lives in Redis, so the 👎 counts for our message wherever it lands.
 */
describe('Teams ratings across server processes (one Redis)', () => {
  const test = useTestRedis();
  const memory = new MapConversationStore();
  const ratings: Feedback[] = [];
  let connector: LocalServer;
  let sent = 0;
  const connections: Redis[] = [];

  beforeAll(async () => {
    // Like the Bot Connector: every posted activity gets an id; Teams keeps the stream's first id.
    connector = await startLocalServer((_req, res) => sendJson(res, 200, { id: `act-${++sent}` }));
  });
  afterAll(async () => {
    await connector?.close();
    for (const redis of connections) redis.disconnect();
  });

  /** One "server process": its own Redis connection and channel, sharing the assistant's memory. */
  async function serverProcess(replies?: 'redis') {
    let store: SentReplies | undefined;
    if (replies === 'redis') {
      const redis = new Redis(inject('redisUrl'), failFastRedisOptions());
      connections.push(redis);
      await redis.connect();
      store = new RedisTeamsReplies({ redis, prefix: `${test.prefix}teams:`, ttlSeconds: 60 });
    }
    const logs: string[] = [];
    const channel = createBotFrameworkChannel(
      {
        assistant: tinyAssistant(memory),
        feedback: {
          record: async (f) => void ratings.push(f),
          recent: async (limit = 10) => ratings.slice(-limit).reverse(),
        },
        handoff: { request: async () => ({ delivered: [], failed: [] }) },
        log: (line) => logs.push(line),
        ...(store ? { replies: store } : {}),
      },
      { mode: 'local' },
      { streamIntervalMs: 0 },
    );
    return { channel, logs };
  }

  const teams = (conversation: string, activity: Record<string, unknown>) => ({
    headers: {},
    body: {
      id: `in-${crypto.randomUUID()}`,
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: 'user-1', name: 'Ada' },
      recipient: { id: 'bot-1', name: 'Switchboard' },
      conversation: { id: conversation, conversationType: 'personal' },
      ...activity,
    },
  });

  /** Asks through `a`, rates the reply through `b`; answers the rating and our reply's id. */
  async function askHereRateThere(
    a: Awaited<ReturnType<typeof serverProcess>>,
    b: Awaited<ReturnType<typeof serverProcess>>,
    conversation: string,
  ) {
    const first = sent + 1; // the stream's first activity: the id Teams rates the reply by
    await a.channel.handle(teams(conversation, { type: 'message', text: 'How do I pair it?' }));
    const ours = (await memory.load(`bf:msteams:${conversation}`)).at(-1);
    expect(ours?.role).toBe('assistant');
    const response = await b.channel.handle(
      teams(conversation, {
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: `act-${first}`,
        value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: '' } },
      }),
    );
    expect(response.status).toBe(200);
    return { rating: ratings.at(-1), ourId: ours?.id, teamsId: `act-${first}` };
  }

  it('a rating that reaches another process counts for our reply (pairs kept in Redis)', async () => {
    const [a, b] = [await serverProcess('redis'), await serverProcess('redis')];
    const { rating, ourId } = await askHereRateThere(a, b, 'a:shared-1');
    expect(rating).toMatchObject({
      conversationId: 'bf:msteams:a:shared-1',
      messageId: ourId,
      rating: 'down',
    });
    expect([...a.logs, ...b.logs]).toEqual([]);
    // Kept under the configured prefix, with the retention as its expiry.
    const keys = await test.redis.keys(`${test.prefix}teams:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(await test.redis.ttl(keys[0]!)).toBeGreaterThan(0);
  });

  it('with each process keeping its own pairs (the old map), it counted for the Teams id', async () => {
    const [a, b] = [await serverProcess(), await serverProcess()];
    const { rating, ourId, teamsId } = await askHereRateThere(a, b, 'a:alone-1');
    expect(rating?.messageId).toBe(teamsId);
    expect(rating?.messageId).not.toBe(ourId);
  });

  it('ids longer than any Teams id are neither kept nor looked up', async () => {
    const redis = new Redis(inject('redisUrl'), failFastRedisOptions());
    connections.push(redis);
    await redis.connect();
    const store = new RedisTeamsReplies({ redis, prefix: `${test.prefix}long:`, ttlSeconds: 60 });
    const long = 'x'.repeat(300);
    await store.remember(long, { conversationId: 'c', messageId: 'm' });
    expect(await store.find(long)).toBeUndefined();
    expect(await test.redis.keys(`${test.prefix}long:*`)).toEqual([]);
    await store.remember('constructor', { conversationId: 'c', messageId: 'm' });
    expect(await store.find('constructor')).toEqual({ conversationId: 'c', messageId: 'm' });
    expect(await store.find('__proto__')).toBeUndefined();
  });
});

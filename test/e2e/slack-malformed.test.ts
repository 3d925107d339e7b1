import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CUSTOMER,
  eventBody,
  FAKE_TEAM,
  mention,
  now,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.ts';
import { useTestRedis } from '../support/test-redis.ts';

const FORM = 'application/x-www-form-urlencoded';

/** Correctly signed requests whose payload Bolt would choke on (issue 9). */
const MALFORMED: Array<[string, string, string?]> = [
  ['a null body', 'null'],
  ['an array body', '[]'],
  ['an array of events', `[${eventBody(mention('hi').event)}]`],
  ['a number', '42'],
  ['a string', '"event_callback"'],
  ['not JSON at all', '{"type": "event_callback", '],
  ['an empty body', ''],
  ['event: null', JSON.stringify({ type: 'event_callback', team_id: FAKE_TEAM, event: null })],
  ['event as a string', JSON.stringify({ type: 'event_callback', event: 'app_mention' })],
  ['event as an array', JSON.stringify({ type: 'event_callback', event: [] })],
  ['an event without a type', JSON.stringify({ type: 'event_callback', event: { user: 'U1' } })],
  [
    'team_id as an object',
    JSON.stringify({
      type: 'event_callback',
      team_id: { id: FAKE_TEAM },
      event: mention('hi').event,
    }),
  ],
  [
    'authorizations: [null]',
    JSON.stringify({ type: 'event_callback', authorizations: [null], event: mention('hi').event }),
  ],
  [
    'event.channel: null',
    JSON.stringify({ type: 'event_callback', event: { ...mention('hi').event, channel: null } }),
  ],
  [
    'event.item: 5',
    JSON.stringify({ type: 'event_callback', event: { type: 'reaction_added', item: 5 } }),
  ],
  [
    'event.user: null',
    JSON.stringify({ type: 'event_callback', event: { ...mention('hi').event, user: null } }),
  ],
  [
    'event.text as a number',
    JSON.stringify({ type: 'event_callback', event: { ...mention('hi').event, text: 7 } }),
  ],
  ['a mention without ts', JSON.stringify({ event: { type: 'app_mention', channel: 'C1' } })],
  ['url_verification without a challenge', JSON.stringify({ type: 'url_verification' })],
  ['an unknown payload', JSON.stringify({ hello: 'world' })],
  ['an options request', JSON.stringify({ type: 'block_suggestion', name: 'x' })],
  ['a bad payload= field', 'payload=%7Bnot-json', FORM],
  ['payload=null', 'payload=null', FORM],
  ['payload=[]', 'payload=%5B%5D', FORM],
  [
    'block actions with null user',
    `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'a', type: 'button' }], team: null, user: null }))}`,
    FORM,
  ],
  [
    'block actions: actions: [null]',
    `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [null], team: null, user: { id: CUSTOMER } }))}`,
    FORM,
  ],
  ['a command without text', 'command=%2Fswitchboard&team_id=T&channel_id=C&user_id=U', FORM],
  [
    'a command with a repeated field',
    'command=%2Fswitchboard&text=a&text=b&team_id=T&channel_id=C&user_id=U',
    FORM,
  ],
];

describe('Slack requests that are signed but malformed (issue 9)', () => {
  const test = useTestRedis();
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness(test.redis, test.prefix);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.reset());

  it('answers a Slack-signed null body with 400 and a reason, and keeps serving', async () => {
    const response = await h.post('null');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/JSON object/) },
    });
    // The process is alive and Slack still works: a real mention is answered.
    const { event } = mention('how do I pair a room sensor?');
    expect((await h.post(eventBody(event))).status).toBe(200);
    await h.channel.idle();
    expect(h.asked).toHaveLength(1);
  });

  it.each(MALFORMED)('answers %s with 400 and a reason', async (_, body, contentType) => {
    const response = await h.post(body, contentType ? { contentType } : {});
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('BAD_REQUEST');
    expect(json.error.message).toMatch(/^Malformed Slack payload: /);
    await h.channel.idle();
    expect(h.asked).toEqual([]);
  });

  it('refuses a correctly signed timestamp 400 s in the future with 401', async () => {
    const { event } = mention('from the future');
    const response = await h.post(eventBody(event), { timestamp: now() + 400 });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /more than 300 s away/,
    );
    await h.channel.idle();
    expect(h.asked).toEqual([]);
  });

  it('accepts a timestamp a little ahead of our clock (within the window)', async () => {
    const { event } = mention('slightly fast clock');
    expect((await h.post(eventBody(event), { timestamp: now() + 60 })).status).toBe(200);
    await h.channel.idle();
    expect(h.asked).toHaveLength(1);
  });

  it('refuses an unsigned malformed body with 401 before looking at it', async () => {
    const response = await h.post('null', {
      headers: { 'x-slack-signature': `v0=${'0'.repeat(64)}` },
    });
    expect(response.status).toBe(401);
  });

  it('acknowledges at once a signed click on a button this app never made, and does nothing', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T0FAKE' },
      user: { id: CUSTOMER, name: 'valueOf' },
      channel: { id: 'C0GENERAL' },
      actions: [{ action_id: 'constructor', type: 'button', value: 'isPrototypeOf' }],
    };
    const response = await h.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, {
      contentType: FORM,
    });
    // Bolt would leave it unanswered for 3 s, then say 404.
    expect(response.status).toBe(200);
    await h.channel.idle();
    expect(h.asked).toEqual([]);
  });

  it("still answers Slack's unsigned ssl_check and a signed url_verification", async () => {
    const ssl = await h.post('ssl_check=1&token=x', {
      contentType: FORM,
      headers: { 'x-slack-signature': 'garbage' },
    });
    expect(ssl.status).toBe(200);
    const verification = await h.post(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'legacy' }),
    );
    expect(verification.status).toBe(200);
    expect(await verification.json()).toEqual({ challenge: 'c-123' });
  });
});

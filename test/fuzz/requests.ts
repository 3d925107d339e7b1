import { createHmac } from 'node:crypto';
import {
  BAD_JSON,
  CONTENT_TYPES,
  NAMES,
  NASTY_STRINGS,
  type Rng,
  randomString,
  randomValue,
  withDuplicateKey,
} from './random.ts';
import type { RawRequest } from './raw-http.ts';
import type { AppRoute } from './route-list.ts';

/** The credentials that get a request past authentication, so the fuzz reaches the handlers. */
export interface Credentials {
  apiKey: string;
  adminToken: string;
  slackSecret: string;
  handoffSecret: string;
  /** A widget session token and the origin it may be used from. */
  widgetToken: string;
  widgetOrigin: string;
  /** A loopback URL that answers anything with 200 (Bot Framework replies go there). */
  sinkUrl: string;
}

type Template = Record<string, unknown>;

/** How a family of routes is called correctly; the generator then breaks one thing or many. */
interface Family {
  name: string;
  owns(path: string): boolean;
  auth(c: Credentials, rng: Rng): Array<[string, string]>;
  template(c: Credentials, rng: Rng): Template;
  /** Signs the final body (Slack, handoff replies). */
  sign?(c: Credentials, body: Buffer): Array<[string, string]>;
  /** Form-encoded instead of JSON, as Slack sends commands and clicks. */
  form?: (c: Credentials, rng: Rng) => string | undefined;
}

const bearer = (token: string): Array<[string, string]> => [['Authorization', `Bearer ${token}`]];
const nowSeconds = () => Math.floor(Date.now() / 1000);

export function slackSignature(secret: string, body: Buffer): Array<[string, string]> {
  const ts = nowSeconds();
  const digest = createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex');
  return [
    ['X-Slack-Request-Timestamp', String(ts)],
    ['X-Slack-Signature', `v0=${digest}`],
  ];
}

const slackEvent = (rng: Rng): Template => ({
  token: 'legacy',
  team_id: 'T0FAKE',
  api_app_id: 'A0APP',
  type: 'event_callback',
  event_id: `Ev${rng.int(1e9)}`,
  event_time: nowSeconds(),
  authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true }],
  event: {
    type: rng.pick(['app_mention', 'message', 'reaction_added', rng.pick(NAMES)]),
    user: 'U0CUSTOMER',
    text: `<@U0BOT> ${randomString(rng)}`,
    ts: `${1_800_000_000 + rng.int(1e6)}.000100`,
    channel: rng.pick(['C0GENERAL', 'D0DM']),
    channel_type: rng.pick(['channel', 'im']),
  },
});

const slackForm = (c: Credentials, rng: Rng): string | undefined => {
  const roll = rng.int(3);
  if (roll === 0) return undefined;
  if (roll === 1)
    return new URLSearchParams({
      token: 'legacy',
      team_id: 'T0FAKE',
      channel_id: 'C0GENERAL',
      user_id: 'U0CUSTOMER',
      command: '/switchboard',
      text: rng.pick([randomString(rng), 'resync default', `resync ${rng.pick(NAMES)}`]),
      response_url: `${c.sinkUrl}response`,
      [rng.pick(NAMES)]: randomString(rng),
    }).toString();
  const payload: Template = {
    type: 'block_actions',
    team: { id: 'T0FAKE' },
    user: { id: 'U0CUSTOMER', name: rng.pick(NAMES) },
    channel: { id: 'C0GENERAL' },
    response_url: `${c.sinkUrl}response`,
    actions: [
      {
        action_id: rng.pick(['switchboard_feedback', 'switchboard_handoff', rng.pick(NAMES)]),
        type: rng.pick(['button', 'feedback_buttons', rng.pick(NAMES)]),
        value: rng.pick([
          JSON.stringify({ c: rng.pick(NAMES), m: rng.pick(NAMES), r: 'up' }),
          `slack:T0FAKE:C0GENERAL:${rng.pick(NAMES)}`,
          randomString(rng),
        ]),
      },
    ],
  };
  if (rng.chance(0.5)) payload[rng.pick(Object.keys(payload))] = randomValue(rng);
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
};

const activity = (c: Credentials, rng: Rng): Template => ({
  type: rng.pick(['message', 'invoke', 'conversationUpdate', rng.pick(NAMES)]),
  id: rng.pick(NAMES),
  channelId: rng.pick(['emulator', 'msteams', rng.pick(NAMES)]),
  serviceUrl: c.sinkUrl,
  conversation: { id: rng.pick(NAMES) },
  from: { id: rng.pick(NAMES), name: randomString(rng) },
  recipient: { id: 'bot' },
  text: randomString(rng),
  ...(rng.chance(0.3)
    ? { name: 'message/submitAction', value: { actionName: 'feedback', actionValue: {} } }
    : {}),
});

export const FAMILIES: readonly Family[] = [
  {
    name: 'chat API',
    owns: (p) => p === '/api/chat',
    auth: (c) => bearer(c.apiKey),
    template: (_c, rng) => ({ message: randomString(rng), conversationId: rng.pick(NAMES) }),
  },
  {
    name: 'widget API',
    owns: (p) => p.startsWith('/api/widget'),
    auth: (c) => [...bearer(c.widgetToken), ['Origin', c.widgetOrigin]],
    template: (_c, rng) =>
      rng.pick<Template>([
        { message: randomString(rng) },
        { messageId: rng.pick(NAMES), rating: rng.pick(['up', 'down']), reason: randomString(rng) },
        { conversationId: rng.pick(NAMES), grant: rng.pick(NAMES) },
        {},
      ]),
  },
  {
    name: 'Slack events',
    owns: (p) => p.startsWith('/slack/'),
    auth: () => [],
    template: (_c, rng) => slackEvent(rng),
    sign: (c, body) => slackSignature(c.slackSecret, body),
    form: slackForm,
  },
  {
    name: 'Bot Framework',
    owns: (p) => p === '/api/messages',
    auth: (_c, rng) => bearer(rng.pick(['x', 'a.b.c', rng.pick(NAMES)])),
    template: activity,
  },
  {
    name: 'handoff replies',
    owns: (p) => p === '/api/handoff/replies',
    auth: () => [],
    template: (_c, rng) => ({
      ticketId: rng.pick(NAMES),
      conversationId: rng.pick(NAMES),
      question: randomString(rng),
      answer: randomString(rng),
      agent: rng.pick(NAMES),
    }),
    sign: (c, body) => {
      const ts = nowSeconds();
      const digest = createHmac('sha256', c.handoffSecret)
        .update(`${ts}.${body.toString()}`)
        .digest('hex');
      return [
        ['X-Switchboard-Timestamp', String(ts)],
        ['X-Switchboard-Signature', `sha256=${digest}`],
      ];
    },
  },
  {
    name: 'admin',
    owns: (p) => p.startsWith('/admin'),
    auth: (c) => bearer(c.adminToken),
    template: (c, rng) =>
      rng.pick<Template>([
        { token: rng.chance(0.5) ? c.adminToken : rng.pick(NAMES) },
        { name: rng.pick(NAMES), kind: 'jsonl', path: '/nonexistent/fuzz.jsonl' },
        { name: rng.pick(NAMES), kind: rng.pick(NAMES), [rng.pick(NAMES)]: randomValue(rng) },
        { mode: rng.pick(['full', 'incremental', rng.pick(NAMES)]) },
        {},
      ]),
  },
  {
    name: 'public pages',
    owns: () => true,
    auth: () => [],
    template: (_c, rng) => ({ [rng.pick(NAMES)]: randomValue(rng) }),
  },
];

export function familyOf(path: string): Family {
  return FAMILIES.find((f) => f.owns(path)) ?? (FAMILIES.at(-1) as Family);
}

/** Percent-encodes every byte of the UTF-8 form (lone surrogates included, as U+FFFD). */
export const encodeSegment = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** A path parameter or wildcard: a property name, a nasty string, or something plausible. */
function segment(rng: Rng): string {
  const value = rng.chance(0.6) ? rng.pick(NAMES) : rng.pick([...NASTY_STRINGS, 'default']);
  if (rng.chance(0.3)) return encodeSegment(value);
  if (rng.chance(0.6)) return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '?'));
  // Raw in the request line: whitespace and control characters would end or break it.
  return [...value].map((ch) => (ch.charCodeAt(0) <= 0x20 ? '_' : ch)).join('');
}

function concretePath(route: AppRoute, rng: Rng): string {
  let path = route.path
    .replace(/:[A-Za-z_]+/g, () => segment(rng))
    .replace(/\*/g, () => [segment(rng), segment(rng)].join('/'));
  if (route.path === '/api/chat' && rng.chance(0.5)) path += '?stream=1';
  else if (rng.chance(0.2))
    path += `?${rng.pick(NAMES)}=${encodeSegment(rng.pick(NASTY_STRINGS))}&${rng.pick(['limit', 'stream', '__proto__[x]', 'constructor'])}=${encodeURIComponent(rng.pick(NAMES))}`;
  return path;
}

/** Breaks the template in one of the ways clients really do (or sends it intact). */
function jsonBody(template: Template, rng: Rng): string {
  const keys = Object.keys(template);
  const copy: Template = { ...template };
  switch (rng.int(10)) {
    case 0:
      return JSON.stringify(template);
    case 1:
      if (keys.length) copy[rng.pick(keys)] = randomValue(rng);
      return JSON.stringify(copy);
    case 2:
      copy[rng.pick(NAMES)] = randomValue(rng);
      return JSON.stringify(copy);
    case 3:
      if (keys.length) delete copy[rng.pick(keys)];
      return JSON.stringify(copy);
    case 4:
      return JSON.stringify(randomValue(rng)) ?? 'null';
    case 5:
      return rng.pick(BAD_JSON);
    case 6:
      return withDuplicateKey(JSON.stringify(template), rng);
    case 7:
      return JSON.stringify([template]);
    case 8:
      for (const key of keys) if (typeof copy[key] === 'string') copy[key] = rng.pick(NAMES);
      return JSON.stringify(copy);
    default:
      return JSON.stringify(template).replace(/"[^"]*"/, `"${rng.pick(NAMES)}"`);
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const headerSafe = (value: string) => value.replace(/[\r\n]/g, ' ').slice(0, 4_000);

/** One malformed (or, now and then, well-formed) request for `route`. */
export function fuzzRequest(route: AppRoute, c: Credentials, rng: Rng): RawRequest {
  const family = familyOf(route.path);
  const method =
    rng.chance(0.85) && route.methods.length > 0 ? rng.pick(route.methods) : rng.pick(METHODS);
  const headers: Array<[string, string]> = rng.chance(0.9) ? family.auth(c, rng) : [];
  if (rng.chance(0.08)) headers.push(['Authorization', headerSafe(randomString(rng))]);
  const form = family.form?.(c, rng);
  let contentType: string | undefined = form
    ? 'application/x-www-form-urlencoded'
    : 'application/json';
  if (rng.chance(0.15)) contentType = rng.pick(CONTENT_TYPES);
  const text = form ?? jsonBody(family.template(c, rng), rng);
  const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(text);
  if (contentType && body.length > 0) headers.push(['Content-Type', contentType]);
  if (family.sign && rng.chance(0.9)) headers.push(...family.sign(c, body));
  // Property names and nasty values as header names and values.
  if (rng.chance(0.25))
    headers.push([
      rng.pick(NAMES.filter((n) => /^[\w.-]+$/.test(n))),
      headerSafe(randomString(rng)),
    ]);
  if (rng.chance(0.1))
    headers.push(['Accept', rng.pick(['text/event-stream', '*/*', rng.pick(NAMES)])]);
  headers.push([
    'X-Forwarded-For',
    rng.chance(0.9)
      ? `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`
      : headerSafe(rng.pick([...NASTY_STRINGS, ...NAMES])),
  ]);
  if (rng.chance(0.1)) headers.push(['Cookie', `switchboard_admin=${headerSafe(rng.pick(NAMES))}`]);
  if (rng.chance(0.05))
    headers.push(['Origin', headerSafe(rng.pick([...NAMES, 'null', 'http://evil.example']))]);
  return { method, target: concretePath(route, rng), headers, body };
}

/** A request for a path no route has. */
export function unknownRouteRequest(rng: Rng): RawRequest {
  const path = `/${[segment(rng), segment(rng)].join('/')}`;
  return {
    method: rng.pick(METHODS),
    target: path,
    headers: [],
    body: Buffer.from(jsonBody({}, rng)),
  };
}

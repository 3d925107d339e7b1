import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the fake received it: form fields, with JSON fields (blocks, chunks) parsed. */
export interface SlackCall {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
}

export interface FakeSlackApi extends AsyncDisposable {
  /** Give this to the SDK as `slackApiUrl` (ends with `/api/`). */
  url: string;
  calls: SlackCall[];
  /** The calls of one method, in order. */
  callsOf(method: string): SlackCall[];
  /** What the bot posted in `channel` (as updated since), oldest first. */
  postedIn(channel: string): PostedMessage[];
  /** From now on `method` answers `{ ok: false, error }`, as Slack does for a refused call. */
  refuse(method: string, error: string): void;
  /** Undoes `refuse`. */
  restore(method: string): void;
  close(): Promise<void>;
}

export const FAKE_TEAM = 'T0FAKE';
export const FAKE_BOT_USER = 'U0BOT';

/** A message the bot posted, as `conversations.replies` returns it. */
export interface PostedMessage {
  type: 'message';
  ts: string;
  thread_ts?: string;
  user: string;
  bot_id: string;
  text: unknown;
  blocks?: unknown;
  metadata?: unknown;
}

async function readForm(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The SDK sends arrays and objects (blocks, chunks) as JSON strings inside the form.
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

/**
 * A local stand-in for Slack's Web API (https://docs.slack.dev/reference/methods): the methods
 * Switchboard calls, each answering `{ ok: true, … }` in the documented shape; any other method
 * answers `unknown_method`, as Slack does. Every call is recorded.
 */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const refused = new Map<string, string>();
  let clock = 1_700_000_000;
  const nextTs = () => `${++clock}.000100`;
  // What the bot posted, per channel, so a thread's history reads back (metadata included).
  const posted = new Map<string, PostedMessage[]>();
  const post = (channel: unknown, args: Record<string, unknown>): string => {
    const message: PostedMessage = {
      type: 'message',
      ts: nextTs(),
      ...(typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {}),
      user: FAKE_BOT_USER,
      bot_id: 'B0BOT',
      text: args.text,
      ...(args.blocks ? { blocks: args.blocks } : {}),
      ...(args.metadata ? { metadata: args.metadata } : {}),
    };
    const key = String(channel);
    posted.set(key, [...(posted.get(key) ?? []), message]);
    return message.ts;
  };
  const find = (channel: unknown, ts: unknown) =>
    posted.get(String(channel))?.find((message) => message.ts === ts);

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const error = refused.get(method);
    if (error) return { ok: false, error };
    const channel = args.channel ?? args.channel_id;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake Team',
          user: 'switchboard',
          team_id: FAKE_TEAM,
          user_id: FAKE_BOT_USER,
          bot_id: 'B0BOT',
        };
      case 'chat.postMessage':
      case 'chat.startStream': {
        const ts = post(channel, args);
        return { ok: true, channel, ts, message: { type: 'message', text: args.text, ts } };
      }
      case 'chat.update': {
        const message = find(channel, args.ts);
        if (message) {
          message.text = args.text;
          if (args.blocks) message.blocks = args.blocks;
          if (args.metadata) message.metadata = args.metadata;
        }
        return { ok: true, channel, ts: args.ts, text: args.text };
      }
      case 'chat.appendStream':
        return { ok: true, channel, ts: args.ts, text: args.text };
      case 'chat.stopStream':
        return { ok: true, channel, ts: args.ts, message: { type: 'message', ts: args.ts } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setTitle':
        return { ok: true };
      case 'users.info': {
        // The display names of the people in the workspace (agents answering tickets).
        const user = String(args.user ?? '');
        const name = user === 'U0AGENT' ? 'Ana' : user.toLowerCase();
        return {
          ok: true,
          user: {
            id: user,
            name,
            real_name: name,
            profile: { display_name: name, real_name: name },
          },
        };
      }
      case 'conversations.replies': {
        // The thread's messages, oldest first (the bot's own only: people's are not posted here).
        const thread = (posted.get(String(channel)) ?? []).filter(
          (m) => m.ts === args.ts || m.thread_ts === args.ts,
        );
        const limit = Number(args.limit) || 1000;
        return { ok: true, messages: thread.slice(0, limit), has_more: thread.length > limit };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = await readForm(req);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    calls.push({ method, token, args });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(method, args)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    postedIn: (channel) => posted.get(channel) ?? [],
    refuse: (method, error) => refused.set(method, error),
    restore: (method) => refused.delete(method),
    close,
    [Symbol.asyncDispose]: close,
  };
}

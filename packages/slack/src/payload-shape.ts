import { parse as parseQuery } from 'node:querystring';
import { SwitchboardError } from '@switchboard/core';
import { z } from 'zod';

/**
 * The shapes of the Slack payloads this channel handles, checked before Bolt sees a request.
 * Bolt reads fields without checking their types (`body.ssl_check` on a `null` body,
 * `'channel' in event` on `event: null`), and a throw there is either a 500 or, outside its
 * try blocks, an unhandled rejection. Only the fields Bolt or our listeners read are typed;
 * everything else passes through untouched (Slack adds fields over time).
 */

/** A JSON object (not `null`, not an array) whose unknown fields are kept. */
const record = z.looseObject;

const userRef = z.union([
  z.string(),
  record({ id: z.string().optional(), team_id: z.string().optional() }),
]);
const channelRef = z.union([
  z.string(),
  record({ id: z.string().optional(), creator: z.string().optional() }),
]);
const threadHolder = record({ thread_ts: z.string().optional() });
const ASSISTANT_EVENTS: ReadonlySet<string> = new Set([
  'assistant_thread_started',
  'assistant_thread_context_changed',
]);

const innerEvent = record({
  type: z.string().min(1),
  subtype: z.string().optional(),
  user: userRef.optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  event_ts: z.string().optional(),
  channel: channelRef.optional(),
  channel_id: z.string().optional(),
  channel_type: z.string().optional(),
  item: record({ channel: z.string().optional() }).optional(),
  subteam: record({ created_by: z.string().optional() }).optional(),
  message: threadHolder.optional(),
  previous_message: threadHolder.optional(),
  assistant_thread: record({
    thread_ts: z.string().optional(),
    channel_id: z.string().optional(),
    // Kept as the greeting's metadata: an object (channel_id, team_id, enterprise_id).
    context: record({}).optional(),
  }).optional(),
}).superRefine((event, ctx) => {
  // Bolt's Assistant finds the thread of these two in `assistant_thread` and throws without it.
  if (ASSISTANT_EVENTS.has(event.type)) {
    const thread = event.assistant_thread;
    if (typeof thread?.channel_id !== 'string' || typeof thread.thread_ts !== 'string')
      ctx.addIssue({
        code: 'custom',
        message: `a ${event.type} event needs assistant_thread.channel_id and thread_ts strings`,
      });
    return;
  }
  // The listeners answer these two in `event.channel`, threaded under `event.ts`.
  if (event.type !== 'app_mention' && event.type !== 'message') return;
  if (typeof event.channel !== 'string' || typeof event.ts !== 'string')
    ctx.addIssue({ code: 'custom', message: `a ${event.type} event needs channel and ts strings` });
});

const nullableId = z.string().nullable().optional();

const eventCallback = record({
  type: z.string().optional(),
  event: innerEvent,
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  enterprise_id: nullableId,
  api_app_id: z.string().optional(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z
    .array(
      record({
        team_id: nullableId,
        enterprise_id: nullableId,
        user_id: z.string().optional(),
        is_bot: z.boolean().optional(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
});

/** Form fields come as strings, or as arrays when a key repeats: only single strings pass. */
const slashCommand = record({
  command: z.string().min(1),
  text: z.string(),
  team_id: z.string(),
  channel_id: z.string(),
  user_id: z.string(),
  enterprise_id: z.string().optional(),
  is_enterprise_install: z.string().optional(),
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
});

const blockActions = record({
  type: z.literal('block_actions'),
  actions: z
    .array(
      record({
        action_id: z.string(),
        type: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
        action_ts: z.string().optional(),
      }),
    )
    .min(1),
  team: record({ id: z.string(), enterprise_id: z.string().optional() }).nullable(),
  user: record({
    id: z.string(),
    name: z.string().optional(),
    username: z.string().optional(),
    team_id: z.string().optional(),
  }),
  channel: record({ id: z.string() }).optional(),
  enterprise: record({ id: z.string() }).nullable().optional(),
  is_enterprise_install: z.boolean().optional(),
  response_url: z.string().optional(),
  function_data: record({ execution_id: z.string().optional() }).optional(),
});

const urlVerification = record({ type: z.literal('url_verification'), challenge: z.string() });

export type SlackPayloadKind =
  | 'ssl_check'
  | 'url_verification'
  | 'event_callback'
  | 'slash_command'
  | 'block_actions'
  /** Block actions none of whose action ids this app's buttons carry: acknowledged, ignored. */
  | 'foreign_action';

function bad(message: string, cause?: unknown): SwitchboardError {
  return new SwitchboardError('BAD_REQUEST', `Malformed Slack payload: ${message}`, {
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Parses the body the way Bolt's HTTPReceiver does (form-encoded only for that exact content
 * type, its `payload` field as JSON; anything else as JSON), so what is checked here is what
 * Bolt will dispatch.
 */
export function parseSlackBody(rawBody: Buffer, contentType: string | undefined): unknown {
  const text = rawBody.toString();
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(text);
      return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    }
    return JSON.parse(text);
  } catch (error) {
    throw bad('the body is not valid JSON (or its payload field is not).', error);
  }
}

function check<T>(schema: z.ZodType<T>, body: unknown, kind: SlackPayloadKind): SlackPayloadKind {
  const result = schema.safeParse(body);
  if (result.success) return kind;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(body)';
  throw bad(`${kind} at ${where}: ${issue?.message ?? 'invalid'}.`);
}

/**
 * Says which kind of Slack payload `body` is, classified in the order Bolt classifies it, once
 * its shape is one this channel can handle.
 * @throws SwitchboardError BAD_REQUEST naming the first field that is wrong.
 */
export function verifySlackPayload(body: unknown): SlackPayloadKind {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('the body must be a JSON object or a form.');
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check === '1') return 'ssl_check';
  if (fields.type === 'url_verification') return check(urlVerification, body, 'url_verification');
  if (fields.event !== undefined) return check(eventCallback, body, 'event_callback');
  if (fields.command !== undefined) return check(slashCommand, body, 'slash_command');
  // Bolt takes these for select-menu options requests, which this channel does not offer.
  if (fields.name !== undefined || fields.type === 'block_suggestion')
    throw bad('options requests (block_suggestion) are not handled by this channel.');
  if (fields.actions !== undefined || fields.type === 'block_actions')
    return check(blockActions, body, 'block_actions');
  throw bad(
    'this channel handles Events API callbacks, slash commands and block actions only; the body is none of them.',
  );
}

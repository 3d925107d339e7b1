import type { AssistantConfig, types } from '@slack/bolt';

type ThreadContextStore = NonNullable<AssistantConfig['threadContextStore']>;
type StoreArgs = Parameters<ThreadContextStore['get']>[0];
type ThreadContext = Awaited<ReturnType<ThreadContextStore['get']>>;

/** The metadata type Bolt's `say()` gives the greeting: the greeting carries the context. */
export const CONTEXT_EVENT = 'assistant_thread_context';

/** The greeting is the thread's first reply; a few messages are enough to find it. */
const LOOK_AT = 5;

interface ThreadPlace {
  channel: string;
  thread: string;
  /** The context the event brings (assistant events only; a message brings none). */
  context: ThreadContext;
}

function placeOf(payload: StoreArgs['payload']): ThreadPlace | null {
  if (payload.type !== 'message') {
    const { channel_id, thread_ts, context } = payload.assistant_thread;
    return { channel: channel_id, thread: thread_ts, context: context ?? {} };
  }
  if ('thread_ts' in payload && typeof payload.thread_ts === 'string')
    return { channel: payload.channel, thread: payload.thread_ts, context: {} };
  return null;
}

/** Slack's metadata holds strings, numbers and booleans: Slack's `enterprise_id: null` is left out. */
function metadataPayload(context: ThreadContext): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const [key, value] of Object.entries(context))
    if (typeof value === 'string') payload[key] = value;
  return payload;
}

async function findGreeting(args: StoreArgs, place: ThreadPlace) {
  const { messages = [] } = await args.client.conversations.replies({
    channel: place.channel,
    ts: place.thread,
    oldest: place.thread,
    include_all_metadata: true,
    limit: LOOK_AT,
  });
  return messages.find(
    (m) => m.user === args.context.botUserId && m.metadata?.event_type === CONTEXT_EVENT,
  );
}

/**
 * Keeps each assistant thread's context (the channel the panel was opened from) in the metadata
 * of the thread's greeting, as Bolt's default store does, but per thread: the default also caches
 * the last context it saved and returns it for every thread after that, other people's included.
 * Nothing is kept in memory, so any server process reads the same context.
 */
export function metadataContextStore(): ThreadContextStore {
  return {
    async get(args) {
      const place = placeOf(args.payload);
      if (!place) return {};
      const greeting = await findGreeting(args, place);
      return (greeting?.metadata?.event_payload as ThreadContext | undefined) ?? {};
    },
    async save(args) {
      const place = placeOf(args.payload);
      if (!place) return;
      const greeting = await findGreeting(args, place);
      if (!greeting?.ts) {
        args.logger.debug(
          `slack: no greeting in ${place.channel}/${place.thread} to keep its context`,
        );
        return;
      }
      await args.client.chat.update({
        channel: place.channel,
        ts: greeting.ts,
        text: greeting.text ?? '',
        // Sent back as Slack gave them (the history's block type is wider than the update's).
        blocks: (greeting.blocks ?? []) as types.KnownBlock[],
        metadata: { event_type: CONTEXT_EVENT, event_payload: metadataPayload(place.context) },
      });
    },
  };
}

import type { App } from '@slack/bolt';
import type { AgentPost } from './agent-desk.ts';
import { answerQuestion } from './answer.ts';
import type { ChannelContext } from './channel-context.ts';
import { CLAIM_TTL_SECONDS } from './channel-context.ts';
import { conversationIdOf, type SlackPlace } from './conversation-id.ts';

/** `<@U123> how do I…` → `how do I…` (every mention of the bot, wherever it is). */
export function withoutMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[^>]+>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

const EMPTY_QUESTION = 'Hi! Ask me a question about our products and I will look it up for you.';

/** A person's message the bot answers, wherever it came from. */
export interface Incoming {
  place: SlackPlace;
  user: string;
  ts: string;
  text: string;
}

/**
 * The one answer path of the channel (mentions, DMs, thread follow-ups, assistant threads):
 * claims the message, then answers it in its place after Slack has its acknowledgement.
 * @returns `false` when the message was already taken (it came twice, or another process has it).
 */
export async function answerIncoming(
  ctx: ChannelContext,
  app: App,
  incoming: Incoming,
): Promise<boolean> {
  // Mentions in a known thread arrive twice (app_mention and message): claim the message itself.
  const { place, user } = incoming;
  const claimed = await ctx.deps.state.claim(
    `message:${place.channel}:${incoming.ts}`,
    CLAIM_TTL_SECONDS,
  );
  if (!claimed) return false;
  const target = {
    team: place.team,
    channel: place.channel,
    user,
    ...(place.thread ? { thread: place.thread } : {}),
  };
  if (!incoming.text) {
    ctx.spawn(() =>
      app.client.chat.postMessage({
        channel: place.channel,
        text: EMPTY_QUESTION,
        ...(place.thread ? { thread_ts: place.thread } : {}),
      }),
    );
    return true;
  }
  ctx.spawn(() =>
    answerQuestion({
      client: app.client,
      assistant: ctx.deps.assistant,
      state: ctx.deps.state,
      logger: ctx.logger,
      target,
      conversationId: conversationIdOf(place),
      question: incoming.text,
      threadTtlSeconds: ctx.threadTtlSeconds,
    }),
  );
  return true;
}

/**
 * @mentions in channels are answered in a thread (the mention's own, or a new one under it);
 * direct messages are answered in the DM (in their thread when they have one); replies in a
 * thread the bot answered in are follow-ups and need no new mention. A DM's threads are taken
 * before these listeners by Bolt's Assistant (`assistant-threads.ts`), which answers them here too.
 */
export function registerMessageListeners(
  app: App,
  ctx: ChannelContext,
  onAgentPost: (post: AgentPost) => Promise<boolean>,
): void {
  app.event('app_mention', async ({ event, context, body }) => {
    if (!event.user || event.bot_id) return;
    const team = context.teamId ?? body.team_id;
    await answerIncoming(ctx, app, {
      place: { team, channel: event.channel, thread: event.thread_ts ?? event.ts },
      user: event.user,
      ts: event.ts,
      text: withoutMention(event.text ?? '', context.botUserId),
    });
  });

  app.event('message', async ({ event, context, body }) => {
    // Only people's plain messages: no edits, joins, bot posts or our own streamed answers.
    if (event.subtype !== undefined || event.bot_id || !event.user) return;
    const team = context.teamId ?? body.team_id;
    const text = withoutMention(event.text ?? '', context.botUserId);
    if (event.channel_type === 'im') {
      const place = {
        team,
        channel: event.channel,
        ...(event.thread_ts ? { thread: event.thread_ts } : {}),
      };
      await answerIncoming(ctx, app, { place, user: event.user, ts: event.ts, text });
      return;
    }
    if (!event.thread_ts) return;
    // In the handoff channel, a reply in a ticket's thread is an agent answering the customer.
    if (event.channel === ctx.handoffChannel) {
      const post = { channel: event.channel, thread: event.thread_ts, user: event.user };
      await onAgentPost({ ...post, text: event.text ?? '' });
      return;
    }
    const place = { team, channel: event.channel, thread: event.thread_ts };
    if (!(await ctx.deps.state.isKnownThread(conversationIdOf(place)))) return;
    await answerIncoming(ctx, app, { place, user: event.user, ts: event.ts, text });
  });
}

import { type App, Assistant } from '@slack/bolt';
import { describeSlackError } from './answer.ts';
import {
  type AssistantThreadSettings,
  DEFAULT_PROMPTS,
  DEFAULT_PROMPTS_TITLE,
  greetingText,
  MAX_PROMPTS,
  threadTitle,
} from './assistant-greeting.ts';
import type { ChannelContext } from './channel-context.ts';
import { conversationIdOf } from './conversation-id.ts';
import { answerIncoming, withoutMention } from './messages.ts';
import { metadataContextStore } from './thread-context-store.ts';

/**
 * Slack's assistant panel (Agents & AI Apps), with Bolt's own `Assistant`: a new thread gets a
 * greeting and suggested prompts, a change of context (the channel the panel is open beside) is
 * kept in the greeting's metadata, and a question gets the thread's title and then the channel's
 * usual answer (status, streamed text, citations, feedback and "Talk to a human", handoff holds).
 *
 * Bolt's Assistant takes every person's threaded message in a DM (`isAssistantMessage`) and ends
 * it there, so the DM listener in `messages.ts` never sees those: this is where they are answered,
 * once (the same claim as everywhere). Top-level DMs still reach that listener.
 */
export function createAssistantThreads(
  app: App,
  ctx: ChannelContext,
  settings: AssistantThreadSettings = {},
): Assistant {
  const greeting = settings.greeting ?? greetingText(ctx.deps.companyName);
  const prompts = (settings.prompts ?? DEFAULT_PROMPTS).slice(0, MAX_PROMPTS);
  const promptsTitle = settings.promptsTitle ?? DEFAULT_PROMPTS_TITLE;

  return new Assistant({
    threadContextStore: metadataContextStore(),
    // Slack wants its acknowledgement within 3 s: the listeners hand the Web API calls to `spawn`.
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      // `say` puts the thread's context into the greeting's metadata, where the store keeps it:
      // posting the greeting saves the context.
      ctx.spawn(() => say(greeting));
      if (prompts.length > 0)
        ctx.spawn(() => setSuggestedPrompts({ prompts: [...prompts], title: promptsTitle }));
    },
    threadContextChanged: async ({ saveThreadContext }) => {
      ctx.spawn(() => saveThreadContext());
    },
    userMessage: async ({ event, context, body, setTitle }) => {
      // Only people's plain messages: our own answers in the thread come back as events too.
      if (event.subtype !== undefined || event.bot_id || !event.user) return;
      const place = {
        team: context.teamId ?? body.team_id,
        channel: event.channel,
        thread: event.thread_ts ?? event.ts,
      };
      const text = withoutMention(event.text ?? '', context.botUserId);
      const answering = await answerIncoming(ctx, app, {
        place,
        user: event.user,
        ts: event.ts,
        text,
      });
      // The thread is named after its first question, once, whichever process answers it.
      const key = `title:${conversationIdOf(place)}`;
      if (!answering || !text || !(await ctx.deps.state.claim(key, ctx.threadTtlSeconds))) return;
      ctx.spawn(() =>
        setTitle(threadTitle(text)).catch((error: unknown) =>
          // A DM thread opened outside the panel has no title to set: best effort.
          ctx.logger.debug(`slack: setTitle unavailable: ${describeSlackError(error)}`),
        ),
      );
    },
  });
}

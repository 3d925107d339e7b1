import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { isSwitchboardError } from '@switchboard/core';
import { answerQuestion, describeSlackError } from './answer.ts';
import type { ChannelContext } from './channel-context.ts';
import { conversationIdOf } from './conversation-id.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import type { ResyncProgress } from './ports.ts';
import {
  parseResync,
  progressText,
  type ResyncRequest,
  startedText,
  summaryText,
} from './resync-report.ts';

export const COMMAND = '/switchboard';
const USAGE =
  'Usage: `/switchboard <question>` to ask, or `/switchboard resync <source> [full]` (admins) to re-sync a knowledge source.';
const NOT_ADMIN = 'Only Switchboard admins can run `resync`.';
const NO_RESYNC = 'Re-sync is not available on this server.';
const CANNOT_POST =
  "I can't post in this conversation. Invite me to the channel (`/invite @Switchboard`) or ask me in a direct message.";

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** A question: posted in the channel, answered in that message's thread. */
async function ask(ctx: ChannelContext, app: App, command: SlashCommand, respond: RespondFn) {
  const question = command.text.trim();
  let ts: string | undefined;
  try {
    const posted = await app.client.chat.postMessage({
      channel: command.channel_id,
      text: `<@${command.user_id}> asked: ${escapeMrkdwn(question)}`,
    });
    ts = posted.ts;
  } catch (error) {
    ctx.logger.warn(`slack: could not post the question: ${describeSlackError(error)}`);
  }
  if (!ts) {
    await respond(ephemeral(CANNOT_POST));
    return;
  }
  const place = { team: command.team_id, channel: command.channel_id, thread: ts };
  await answerQuestion({
    client: app.client,
    assistant: ctx.deps.assistant,
    state: ctx.deps.state,
    logger: ctx.logger,
    target: { ...place, user: command.user_id },
    conversationId: conversationIdOf(place),
    question,
    threadTtlSeconds: ctx.threadTtlSeconds,
  });
}

/** A re-sync: announced in the channel, progress edited in one thread reply, then the summary. */
async function resync(
  ctx: ChannelContext,
  app: App,
  command: SlashCommand,
  request: ResyncRequest,
  respond: RespondFn,
) {
  const port = ctx.deps.resync;
  if (!port) return;
  let run: { runId: string; joined: boolean };
  try {
    run = await port.trigger(request.source, request.mode);
  } catch (error) {
    // Our own errors (unknown or paused source) say what to do; anything else is logged.
    if (!isSwitchboardError(error))
      ctx.logger.error(`slack: resync failed: ${describeSlackError(error)}`);
    await respond(
      ephemeral(
        isSwitchboardError(error) && error.status < 500
          ? error.message
          : 'The re-sync could not be started.',
      ),
    );
    return;
  }
  const channel = command.channel_id;
  const parent = await app.client.chat
    .postMessage({ channel, text: startedText(request, command.user_id, run.joined) })
    .catch(() => null);
  const thread = parent?.ts;
  const post = async (text: string) =>
    thread
      ? (await app.client.chat.postMessage({ channel, thread_ts: thread, text })).ts
      : undefined;
  let progressTs: string | undefined;
  let shown = '';
  const onProgress = async (progress: ResyncProgress) => {
    const text = progressText(progress);
    if (!thread || text === shown) return;
    shown = text;
    if (progressTs) await app.client.chat.update({ channel, ts: progressTs, text });
    else progressTs = await post(text);
  };
  let outcome: string;
  try {
    outcome = summaryText(request.source, await port.follow(run.runId, onProgress));
  } catch (error) {
    outcome = `:x: Re-sync of *${request.source}* failed: ${escapeMrkdwn(describeSlackError(error))}`;
  }
  if (thread) await post(outcome);
  else await respond(ephemeral(outcome));
}

/** `/switchboard <question>` for everyone; `/switchboard resync <source> [full]` for admins. */
export function registerCommand(app: App, ctx: ChannelContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    const text = command.text.trim();
    if (!text) return ack(ephemeral(USAGE));
    if (/^resync\b/i.test(text)) {
      if (!ctx.adminUserIds.includes(command.user_id)) return ack(ephemeral(NOT_ADMIN));
      if (!ctx.deps.resync) return ack(ephemeral(NO_RESYNC));
      const request = parseResync(text);
      if (!request) return ack(ephemeral(USAGE));
      await ack(ephemeral(`Starting a re-sync of *${request.source}*…`));
      ctx.spawn(() => resync(ctx, app, command, request, respond));
      return;
    }
    await ack();
    ctx.spawn(() => ask(ctx, app, command, respond));
  });
}

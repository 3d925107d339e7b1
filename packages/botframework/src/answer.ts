import type { Reply, ReplyEvent } from '@switchboard/core';
import { type Activity, TurnContext } from 'botbuilder';
import { handOff } from './handoff.ts';
import { renderReply } from './render.ts';
import { TeamsStream } from './teams-stream.ts';
import {
  conversationIdOf,
  isTeams,
  isTeamsPersonal,
  sendAndGetId,
  type TurnEnv,
  userIdOf,
} from './turn-env.ts';

/** The user's words without the bot's @mention (Teams group chats and channels). */
export function userTextOf(context: TurnContext): string {
  const { activity } = context;
  return (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
}

/**
 * Answers one message: a typing indicator first (Teams personal chats: the informative stream
 * update), the assistant's streamed answer (streamed on to Teams personal chats), then the final
 * reply with citations, feedback and a way to a human.
 */
export async function answerMessage(
  context: TurnContext,
  env: TurnEnv,
  text: string,
): Promise<void> {
  const { activity } = context;
  if (text.length > env.maxMessageChars) {
    await context.sendActivity(
      `That message is too long for me (over ${env.maxMessageChars} characters). Could you shorten it?`,
    );
    return;
  }
  const conversationId = conversationIdOf(activity);
  const events = env.assistant
    .stream({ conversationId, text, channel: 'botframework', userId: userIdOf(activity) })
    [Symbol.asyncIterator]();
  // The first event says whether a person holds the conversation: then no typing, no answer.
  const first = await events.next();
  if (!first.done && first.value.type === 'meta' && first.value.held) {
    const reply = await lastReply(events);
    if (reply?.text) await context.sendActivity(reply.text);
    return;
  }
  const send = (a: Partial<Activity>) => sendAndGetId(context, a);
  const stream = isTeamsPersonal(activity)
    ? new TeamsStream({ send, intervalMs: env.streamIntervalMs, clock: env.clock, log: env.log })
    : undefined;
  if (stream) await stream.inform(env.informativeText);
  else await context.sendActivity({ type: 'typing' });

  let reply: Reply | undefined;
  for (let next = first; !next.done; next = await events.next()) {
    const event = next.value;
    if (event.type === 'delta') await stream?.append(event.text);
    else if (event.type === 'done') reply = event.reply;
  }
  if (!reply) throw new Error('the assistant ended without a reply');

  const final = renderReply(reply, { teams: isTeams(activity), userId: activity.from.id });
  const sentId = stream ? await stream.finish(final) : await send(final);
  // A rating of this reply may reach another server process: a failure to keep the pair only
  // makes that rating fall back to the Teams id, so it never fails the turn.
  if (sentId)
    await env.recent
      .remember(sentId, { conversationId, messageId: reply.messageId })
      .catch((err: unknown) =>
        env.log(`bot framework could not keep the reply id: ${(err as Error).message}`),
      );
  // The assistant's reply already told the customer a person is coming: make it true.
  if (reply.handoff?.reason === 'customer_asked') await handOff(context, env, { announce: false });
}

/** Reads a reply stream to its end; answers the final reply. */
async function lastReply(events: AsyncIterator<ReplyEvent>): Promise<Reply | undefined> {
  let reply: Reply | undefined;
  for (let next = await events.next(); !next.done; next = await events.next())
    if (next.value.type === 'done') reply = next.value.reply;
  return reply;
}

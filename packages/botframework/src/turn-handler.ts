import type { Feedback } from '@switchboard/core';
import { TurnContext } from 'botbuilder';
import { buttonActionOf, teamsFeedbackOf } from './actions.ts';
import { answerMessage, userTextOf } from './answer.ts';
import { handOff } from './handoff.ts';
import { conversationIdOf, type TurnEnv, userIdOf } from './turn-env.ts';

const GREETING =
  'Hi! Ask me anything about our products and I’ll answer from the help centre, with sources. Say "talk to a human" at any time to reach the team.';

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function recordFeedback(
  env: TurnEnv,
  context: TurnContext,
  rating: Feedback['rating'],
  target: { conversationId: string; messageId: string },
  reason?: string,
): Promise<void> {
  await env.feedback.record({
    ...target,
    rating,
    ...(reason ? { reason } : {}),
    channel: 'botframework',
    userId: userIdOf(context.activity),
    at: env.clock(),
  });
}

async function onMessage(context: TurnContext, env: TurnEnv): Promise<void> {
  // Kept for proactive messages: an agent's answer later reaches this chat (never fails the turn).
  await env.references
    ?.save(
      conversationIdOf(context.activity),
      TurnContext.getConversationReference(context.activity),
    )
    .catch((err: unknown) =>
      env.log(`bot framework could not keep the reference: ${describe(err)}`),
    );
  const text = userTextOf(context);
  const action = buttonActionOf(context.activity, text);
  if (action?.switchboard === 'handoff') return handOff(context, env, { announce: true });
  if (action?.switchboard === 'feedback') {
    const conversationId = conversationIdOf(context.activity);
    await recordFeedback(env, context, action.rating, {
      conversationId,
      messageId: action.messageId,
    });
    await context.sendActivity('Thanks for the feedback!');
    return;
  }
  if (!text) {
    await context.sendActivity(
      'I can only read text messages for now. What would you like to know?',
    );
    return;
  }
  await answerMessage(context, env, text);
}

/** Teams' feedback loop (👍/👎 on our replies); other invokes are left to the SDK (501, answered as 400). */
async function onInvoke(context: TurnContext, env: TurnEnv): Promise<void> {
  const feedback = teamsFeedbackOf(context.activity);
  if (!feedback) return;
  const kept = await env.recent.find(feedback.ratedActivityId).catch((err: unknown) => {
    env.log(`bot framework could not read the reply id: ${describe(err)}`);
    return undefined;
  });
  const target = kept ?? {
    conversationId: conversationIdOf(context.activity),
    messageId: feedback.ratedActivityId,
  };
  await recordFeedback(env, context, feedback.rating, target, feedback.reason);
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
}

/** Greets a person who opens a one-on-one chat; never posts into team channels or group chats. */
async function onConversationUpdate(context: TurnContext): Promise<void> {
  const { activity } = context;
  const type = activity.conversation.conversationType;
  if (type === 'channel' || type === 'groupChat') return;
  const joined = (activity.membersAdded ?? []).some((m) => m.id !== activity.recipient?.id);
  if (joined) await context.sendActivity(GREETING);
}

/** The bot's logic for one turn. It answers every failure itself, so the connector gets a 200. */
export function createTurnHandler(env: TurnEnv): (context: TurnContext) => Promise<void> {
  return async (context) => {
    try {
      if (context.activity.type === 'message') await onMessage(context, env);
      else if (context.activity.type === 'invoke') await onInvoke(context, env);
      else if (context.activity.type === 'conversationUpdate') await onConversationUpdate(context);
    } catch (err) {
      env.log(`bot framework ${context.activity.type} turn failed: ${describe(err)}`);
      await apologise(context, env);
    }
  };
}

async function apologise(context: TurnContext, env: TurnEnv): Promise<void> {
  try {
    if (context.activity.type === 'invoke')
      await context.sendActivity({ type: 'invokeResponse', value: { status: 500 } });
    else if (context.activity.type === 'message')
      await context.sendActivity(
        "I'm sorry, something went wrong on our side and I couldn't answer. Please try again in a moment.",
      );
  } catch (err) {
    // The connector itself is unreachable: nothing more to tell the user.
    env.log(`bot framework could not report the failure: ${describe(err)}`);
  }
}

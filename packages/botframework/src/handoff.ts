import type { TurnContext } from 'botbuilder';
import { conversationIdOf, type TurnEnv, userIdOf } from './turn-env.ts';

/**
 * Brings people in (the customer asked, by button or in words) and says honestly whether the
 * team was reached. `announce: false` when the assistant's reply already said a person is coming.
 */
export async function handOff(
  context: TurnContext,
  env: TurnEnv,
  options: { announce: boolean },
): Promise<void> {
  const { activity } = context;
  let reached = false;
  let already = false;
  try {
    const result = await env.handoff.request({
      conversationId: conversationIdOf(activity),
      reason: 'customer_asked',
      channel: 'botframework',
      customer: {
        id: userIdOf(activity),
        ...(activity.from?.name ? { name: activity.from.name } : {}),
      },
    });
    reached = result.delivered.length > 0;
    already = result.already === true;
    for (const failure of result.failed)
      env.log(`handoff to ${failure.target} failed: ${failure.message}`);
  } catch (err) {
    env.log(`handoff failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (reached && !options.announce) return;
  await context.sendActivity(
    already
      ? 'Someone from the team has already been asked to join; they will reply here. Say "back to the bot" to talk to me again.'
      : reached
        ? "I've passed our conversation to the team; they can see everything we've said and will get back to you."
        : "I'm sorry, I couldn't reach the team from here just now. Please try again in a little while.",
  );
}

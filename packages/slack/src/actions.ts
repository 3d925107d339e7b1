import type { App } from '@slack/bolt';
import { describeSlackError } from './answer.ts';
import { decodeFeedback, FEEDBACK_ACTION, HANDOFF_ACTION } from './answer-blocks.ts';
import type { ChannelContext } from './channel-context.ts';
import { placeOf } from './conversation-id.ts';

const THANKS = {
  up: 'Thanks for the feedback!',
  down: 'Thanks — we will use this to improve. You can also talk to a person with "Talk to a human".',
};
const HANDED_OFF = "I've asked someone from our team to take over. They will reply in this thread.";
const HANDOFF_FAILED =
  "Sorry, I couldn't reach our team just now. Please try again in a few minutes.";
const ALREADY_ASKED = 'A person has already been asked to join this conversation.';
/** One ticket per conversation per hour, however often the button is clicked. */
const HANDOFF_CLAIM_SECONDS = 60 * 60;

/** Clicks on the buttons under each answer: 👍/👎 go to the feedback store, the other to people. */
export function registerActionListeners(app: App, ctx: ChannelContext): void {
  const whisper = (channel: string | undefined, user: string, text: string, thread?: string) => {
    if (!channel) return;
    ctx.spawn(() =>
      app.client.chat
        .postEphemeral({ channel, user, text, ...(thread ? { thread_ts: thread } : {}) })
        .catch((error: unknown) =>
          ctx.logger.warn(`slack: ephemeral reply failed: ${describeSlackError(error)}`),
        ),
    );
  };

  app.action(
    { action_id: FEEDBACK_ACTION, type: 'block_actions' },
    async ({ ack, action, body }) => {
      await ack();
      if (action.type !== 'feedback_buttons') return;
      const value = decodeFeedback(action.value);
      if (!value) {
        ctx.logger.warn('slack: ignored a feedback click with a value this app did not write');
        return;
      }
      await ctx.deps.feedback.record({
        ...value,
        channel: 'slack',
        userId: body.user.id,
        at: ctx.clock(),
      });
      const thread = placeOf(value.conversationId)?.thread;
      whisper(body.channel?.id, body.user.id, THANKS[value.rating], thread);
    },
  );

  app.action(
    { action_id: HANDOFF_ACTION, type: 'block_actions' },
    async ({ ack, action, body }) => {
      await ack();
      if (action.type !== 'button' || !action.value) return;
      const conversationId = action.value;
      const place = placeOf(conversationId);
      if (!place) return;
      const thread = place.thread;
      const claim = `handoff:${conversationId}`;
      if (!(await ctx.deps.state.claim(claim, HANDOFF_CLAIM_SECONDS))) {
        whisper(place.channel, body.user.id, ALREADY_ASKED, thread);
        return;
      }
      ctx.spawn(async () => {
        const customer = { id: body.user.id, name: body.user.name ?? body.user.username };
        const result = await ctx.deps.handoff
          .request({ conversationId, reason: 'customer_asked', channel: 'slack', customer })
          .catch((error: unknown) => {
            ctx.logger.error(`slack: handoff failed: ${describeSlackError(error)}`);
            return null;
          });
        for (const failure of result?.failed ?? [])
          ctx.logger.warn(`slack: handoff target ${failure.target} failed: ${failure.message}`);
        const delivered = (result?.delivered.length ?? 0) > 0;
        // With the handoff loop the thread stays the customer's line to the agent (the bot keeps
        // quiet there while a person holds it) and the loop refuses a second ticket itself, so
        // the claim only guards against double clicks and a later handoff can be asked for.
        const loop = result !== null && result.already !== undefined;
        if (loop || !delivered) await ctx.deps.state.release(claim);
        else await ctx.deps.state.forgetThread(conversationId);
        if (result?.already) {
          whisper(place.channel, body.user.id, ALREADY_ASKED, thread);
          return;
        }
        await app.client.chat.postMessage({
          channel: place.channel,
          text: delivered ? HANDED_OFF : HANDOFF_FAILED,
          ...(thread ? { thread_ts: thread } : {}),
        });
      });
    },
  );
}

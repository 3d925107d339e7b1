import type { App, webApi } from '@slack/bolt';
import type { HandoffAgent } from '@switchboard/core';
import { describeSlackError } from './answer.ts';
import type { ChannelContext } from './channel-context.ts';
import { mrkdwnToText } from './mrkdwn.ts';

/** The ticket's "Hand back to the bot" button. */
export const HANDBACK_ACTION = 'switchboard_handback';

/** What an agent types in a ticket thread to give the conversation back to the assistant. */
export function isHandBackCommand(text: string): boolean {
  return /^\s*!bot\s*$/i.test(text);
}

/** Display names of agents, looked up once per process (bounded). */
class AgentNames {
  readonly #names = new Map<string, string | null>();

  async of(client: webApi.WebClient, user: string): Promise<string | undefined> {
    if (this.#names.has(user)) return this.#names.get(user) ?? undefined;
    let name: string | null = null;
    try {
      const info = await client.users.info({ user });
      const profile = info.user?.profile;
      name = profile?.display_name || profile?.real_name || info.user?.real_name || null;
    } catch {
      // Without users:read (or Slack unreachable) the customer just sees "our team".
    }
    if (this.#names.size >= 1000) this.#names.clear();
    this.#names.set(user, name);
    return name ?? undefined;
  }
}

/** One message an agent wrote in the handoff channel. */
export interface AgentPost {
  channel: string;
  thread: string;
  user: string;
  text: string;
}

/**
 * The agents' side in Slack: a person's reply in a ticket's thread (in the handoff channel) goes
 * to the customer; `!bot` there, or the ticket's button, hands the conversation back to the
 * assistant. Answers whether the post belonged to a ticket (else it is left alone).
 */
export function agentDesk(app: App, ctx: ChannelContext) {
  const names = new AgentNames();
  const agentOf = async (user: string): Promise<HandoffAgent> => {
    const name = await names.of(app.client, user);
    return { id: user, via: 'slack', ...(name ? { name } : {}) };
  };

  app.action(
    { action_id: HANDBACK_ACTION, type: 'block_actions' },
    async ({ ack, action, body }) => {
      await ack();
      const agents = ctx.deps.agents;
      if (!agents || action.type !== 'button' || !action.value) return;
      const conversationId = action.value;
      const user = body.user.id;
      ctx.spawn(async () =>
        agents.handBack({ conversationId, by: 'agent', agent: await agentOf(user) }),
      );
    },
  );

  return async function onAgentPost(post: AgentPost): Promise<boolean> {
    const agents = ctx.deps.agents;
    if (!agents) return false;
    const link = { target: 'slack', ref: `${post.channel}:${post.thread}` };
    const text = mrkdwnToText(post.text);
    if (!text) return false;
    if (isHandBackCommand(text)) {
      ctx.spawn(async () =>
        agents.handBack({ link, by: 'agent', agent: await agentOf(post.user) }),
      );
      return true;
    }
    ctx.spawn(async () => {
      const result = await agents.agentMessage({ link, text, agent: await agentOf(post.user) });
      if (!result.state) return; // Not a ticket thread: a conversation among the team.
      if (!result.delivered)
        await app.client.chat
          .postEphemeral({
            channel: post.channel,
            user: post.user,
            thread_ts: post.thread,
            text: 'Saved, but the customer could not be reached just now; they will see it when they come back.',
          })
          .catch((error: unknown) =>
            ctx.logger.warn(`slack: ephemeral note failed: ${describeSlackError(error)}`),
          );
    });
    return true;
  };
}

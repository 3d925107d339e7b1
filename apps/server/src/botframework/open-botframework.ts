import type { BotFrameworkChannel } from '@switchboard/botframework';
import type { Config } from '@switchboard/config';
import type { Logger } from '@switchboard/core';
import type { Runtime } from '@switchboard/runtime';

export const BOTFRAMEWORK_OFF =
  'bot framework: off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or BOTFRAMEWORK_LOCAL=true for the Emulator)';

/** The start-up line saying whether Teams / Web Chat / the Emulator can reach the bot, and how. */
export function describeBotFramework(settings: Config['botframework']): string {
  if (!settings) return BOTFRAMEWORK_OFF;
  return settings.mode === 'local'
    ? 'bot framework: on at POST /api/messages (local mode, no authentication — for the Emulator only)'
    : `bot framework: on at POST /api/messages (app id ${settings.appId}, ${settings.appType})`;
}

/**
 * Builds the Bot Framework channel from config, or null (and says so) when it is off; the
 * channel's failure lines go to `log` as warnings when given, else to `say`. The channel and
 * botbuilder under it are imported only when it is on (botbuilder alone cost a start that does
 * not use it more than half a second).
 */
export async function openBotFramework(
  config: Config,
  runtime: Pick<Runtime, 'assistant' | 'support' | 'handoffs' | 'teamsReplies'>,
  say: (line: string) => void,
  log?: Logger,
): Promise<BotFrameworkChannel | null> {
  say(describeBotFramework(config.botframework));
  if (!config.botframework) return null;
  const { createBotFrameworkChannel } = await import('@switchboard/botframework');
  const channel = createBotFrameworkChannel(
    {
      assistant: runtime.assistant,
      feedback: runtime.support.feedback,
      handoff: runtime.support.handoff,
      // Kept per conversation so agents' answers reach the chat later (proactive messages).
      references: runtime.handoffs.addresses,
      // Teams rates by its own activity id: the pairs are in Redis, for whichever server it reaches.
      replies: runtime.teamsReplies,
      // The channel's lines are failures (a turn, a stream, a handoff): warnings, not status.
      log: (line) => (log ? log.warn('botframework.failure', { msg: line }) : say(line)),
    },
    config.botframework,
    { maxMessageChars: config.server.maxMessageChars },
  );
  if (channel.delivery) runtime.support.handoff.deliverTo(channel.delivery);
  return channel;
}

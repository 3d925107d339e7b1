import { type BotFrameworkChannel, createBotFrameworkChannel } from '@switchboard/botframework';
import type { Config } from '@switchboard/config';
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

/** Builds the Bot Framework channel from config, or null (and says so) when it is off. */
export function openBotFramework(
  config: Config,
  runtime: Pick<Runtime, 'assistant' | 'support'>,
  say: (line: string) => void,
): BotFrameworkChannel | null {
  say(describeBotFramework(config.botframework));
  if (!config.botframework) return null;
  return createBotFrameworkChannel(
    {
      assistant: runtime.assistant,
      feedback: runtime.support.feedback,
      handoff: runtime.support.handoff,
      log: (line) => say(line),
    },
    config.botframework,
    { maxMessageChars: config.server.maxMessageChars },
  );
}

import type { Config } from '@switchboard/config';
import { describeError, type HandoffTarget } from '@switchboard/core';
import type { Runtime } from '@switchboard/runtime';
import {
  createSlackChannel,
  RedisStateStore,
  type SlackChannel,
  SlackHandoffTarget,
  SlackLogLevel,
} from '@switchboard/slack';
import { lineLogger } from './slack-logger.ts';
import { syncResync } from './sync-resync.ts';

export const SLACK_OFF =
  'slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN)';

/** The Slack handoff target, when SLACK_HANDOFF_CHANNEL is set (built before the runtime). */
export function slackHandoffTargets(config: Config): HandoffTarget[] {
  const slack = config.slack;
  if (!slack?.handoffChannel) return [];
  return [
    new SlackHandoffTarget({
      botToken: slack.botToken,
      channel: slack.handoffChannel,
      ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    }),
  ];
}

const LEVELS: Record<Config['server']['logLevel'], SlackLogLevel> = {
  fatal: SlackLogLevel.ERROR,
  error: SlackLogLevel.ERROR,
  warn: SlackLogLevel.WARN,
  info: SlackLogLevel.INFO,
  debug: SlackLogLevel.DEBUG,
  trace: SlackLogLevel.DEBUG,
  silent: SlackLogLevel.ERROR,
};

/**
 * Builds and starts the Slack channel from config, or says why it is off. A start failure (a
 * revoked token, Slack unreachable) turns only Slack off, not the whole server.
 */
export async function openSlack(
  config: Config,
  runtime: Pick<Runtime, 'assistant' | 'support' | 'sync' | 'redis'>,
  say: (line: string) => void,
): Promise<SlackChannel | null> {
  if (!config.slack) {
    say(SLACK_OFF);
    return null;
  }
  const channel = createSlackChannel(
    {
      assistant: runtime.assistant,
      feedback: runtime.support.feedback,
      handoff: runtime.support.handoff,
      resync: syncResync(runtime.sync),
      state: new RedisStateStore({ redis: runtime.redis }),
    },
    { config: config.slack, logger: lineLogger(say, LEVELS[config.server.logLevel]) },
  );
  try {
    await channel.start();
  } catch (error) {
    say(`slack: off, it failed to start: ${describeError(error)}`);
    return null;
  }
  say(
    channel.mode === 'http'
      ? `slack: on (http mode) at ${channel.endpoint}`
      : 'slack: on (socket mode)',
  );
  return channel;
}

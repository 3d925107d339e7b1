import type { Config } from '@switchboard/config';
import { describeError, type HandoffTarget, type Logger } from '@switchboard/core';
import type { Runtime } from '@switchboard/runtime';
import {
  createSlackChannel,
  RedisStateStore,
  type SlackChannel,
  SlackCustomerDelivery,
  SlackHandoffTarget,
  SlackLogLevel,
} from '@switchboard/slack';
import { eventLogger, lineLogger } from './slack-logger.ts';
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
 * revoked token, Slack unreachable) turns only Slack off, not the whole server. Bolt's own lines
 * go to `log` at their level when given, else to `say`.
 */
export async function openSlack(
  config: Config,
  runtime: Pick<Runtime, 'assistant' | 'support' | 'sync' | 'redis'>,
  say: (line: string) => void,
  log?: Logger,
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
      // Under REDIS_PREFIX like every other key (the default gives `switchboard:slack:` as before).
      state: new RedisStateStore({ redis: runtime.redis, prefix: `${config.redis.prefix}:slack:` }),
      // Agents answer from the handoff channel's ticket threads.
      agents: runtime.support.handoff,
    },
    {
      config: config.slack,
      logger: log
        ? eventLogger(log, LEVELS[config.server.logLevel])
        : lineLogger(say, LEVELS[config.server.logLevel]),
    },
  );
  try {
    await channel.start();
  } catch (error) {
    say(`slack: off, it failed to start: ${describeError(error)}`);
    return null;
  }
  // What agents answer reaches Slack customers in their own thread.
  runtime.support.handoff.deliverTo(
    new SlackCustomerDelivery({
      botToken: config.slack.botToken,
      ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
    }),
  );
  say(
    channel.mode === 'http'
      ? `slack: on (http mode) at ${channel.endpoint}`
      : 'slack: on (socket mode)',
  );
  return channel;
}

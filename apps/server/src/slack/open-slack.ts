import type { Config } from '@switchboard/config';
import { describeError, type HandoffTarget, type Logger } from '@switchboard/core';
import type { Runtime } from '@switchboard/runtime';
import type { SlackChannel, SlackLogLevel } from '@switchboard/slack';
import { syncResync } from './sync-resync.ts';

export const SLACK_OFF =
  'slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN)';

/**
 * The Slack channel and Bolt under it, imported only when Slack is configured: loading Bolt
 * cost a start that does not use it a good part of a second.
 */
const loadSlack = () => import('@switchboard/slack');

/** The Slack handoff target, when SLACK_HANDOFF_CHANNEL is set (built before the runtime). */
export async function slackHandoffTargets(config: Config): Promise<HandoffTarget[]> {
  const slack = config.slack;
  if (!slack?.handoffChannel) return [];
  const { SlackHandoffTarget } = await loadSlack();
  return [
    new SlackHandoffTarget({
      botToken: slack.botToken,
      channel: slack.handoffChannel,
      ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    }),
  ];
}

/** Bolt's level for the server's LOG_LEVEL (`levels`: Bolt's enum, loaded with the channel). */
function slackLevel(
  levels: typeof SlackLogLevel,
  level: Config['server']['logLevel'],
): SlackLogLevel {
  const byLevel: Record<Config['server']['logLevel'], SlackLogLevel> = {
    fatal: levels.ERROR,
    error: levels.ERROR,
    warn: levels.WARN,
    info: levels.INFO,
    debug: levels.DEBUG,
    trace: levels.DEBUG,
    silent: levels.ERROR,
  };
  return byLevel[level];
}

/**
 * Builds and starts the Slack channel from config, or says why it is off. A start failure (a
 * revoked token, Slack unreachable) turns only Slack off, not the whole server. Bolt's own lines
 * go to `log` at their level when given, else to `say`.
 */
export async function openSlack(
  config: Config,
  runtime: Pick<Runtime, 'assistant' | 'support' | 'sync' | 'redis' | 'profile'>,
  say: (line: string) => void,
  log?: Logger,
): Promise<SlackChannel | null> {
  if (!config.slack) {
    say(SLACK_OFF);
    return null;
  }
  const [{ createSlackChannel, RedisStateStore, SlackCustomerDelivery, SlackLogLevel }, loggers] =
    await Promise.all([loadSlack(), import('./slack-logger.ts')]);
  const level = slackLevel(SlackLogLevel, config.server.logLevel);
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
      companyName: runtime.profile['Company Name'], // the assistant panel's greeting names it
    },
    {
      config: config.slack,
      logger: log ? loggers.eventLogger(log, level) : loggers.lineLogger(say, level),
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

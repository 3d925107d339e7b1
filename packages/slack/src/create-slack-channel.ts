import { App, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import { registerActionListeners } from './actions.ts';
import { agentDesk } from './agent-desk.ts';
import { describeSlackError } from './answer.ts';
import type { AssistantThreadSettings } from './assistant-greeting.ts';
import { createAssistantThreads } from './assistant-threads.ts';
import { type ChannelContext, CLAIM_TTL_SECONDS } from './channel-context.ts';
import { registerCommand } from './commands.ts';
import { createHttpHandler, type SlackHttpHandler } from './http-handler.ts';
import { registerMessageListeners } from './messages.ts';
import type { SlackChannelDeps } from './ports.ts';
import { webClientOptions } from './web-client.ts';

/** The Slack part of Switchboard's config (`Config['slack']` when it is set). */
export type SlackChannelConfig = {
  botToken: string;
  /** Slack user ids allowed to run `/switchboard resync`. */
  adminUserIds: readonly string[];
  /** Web API base URL (tests, proxies). @defaultValue Slack's own */
  apiUrl?: string;
  /** The handoff channel (SLACK_HANDOFF_CHANNEL): agents answer customers in its ticket threads. */
  handoffChannel?: string;
} & ({ mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string });

export interface SlackChannelOptions {
  config: SlackChannelConfig;
  /** Where Bolt and the channel log; never given secrets. @defaultValue Bolt's console logger */
  logger?: Logger;
  /** The path Slack posts events, commands and interactions to (HTTP mode). @defaultValue '/slack/events' */
  endpoint?: string;
  /** How long un-mentioned replies in a thread the bot answered are follow-ups. @defaultValue 7 days */
  threadTtlSeconds?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** The assistant panel's greeting and suggested prompts. @defaultValue see AssistantThreadSettings */
  assistantThreads?: AssistantThreadSettings;
}

export interface SlackChannel {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  /** HTTP mode: the path to route to `handler`. */
  readonly endpoint: string;
  /**
   * HTTP mode: what the web server mounts at `endpoint` (verify the request, then dispatch it to
   * Bolt, which verifies the signature again); socket mode: absent.
   */
  readonly handler?: SlackHttpHandler;
  /** Checks the bot token (`auth.test`); in socket mode also opens the WebSocket. */
  start(): Promise<void>;
  /** Lets started answers finish, then closes the socket (socket mode). */
  stop(): Promise<void>;
  /** Resolves when every answer, handoff and re-sync started so far has finished. */
  idle(): Promise<void>;
}

/**
 * The Slack channel: a Bolt app answering @mentions, DMs, thread follow-ups, the assistant panel's
 * threads and `/switchboard`, with feedback and handoff buttons. HTTP mode hands requests to Bolt's `HTTPReceiver` (so the
 * signature check is Bolt's own) without opening a port: the caller mounts `handler` on its
 * server. Socket mode uses Bolt's `SocketModeReceiver`.
 */
export function createSlackChannel(
  deps: SlackChannelDeps,
  options: SlackChannelOptions,
): SlackChannel {
  const { config } = options;
  const endpoint = options.endpoint ?? '/slack/events';
  const running = new Set<Promise<unknown>>();
  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: endpoint,
          // Acknowledge after the listeners ran: they only claim and hand work to `spawn`, so
          // this stays fast, and an ack that carries a message (slash commands) is sent as such.
          processBeforeResponse: true,
          ...(options.logger ? { logger: options.logger } : {}),
        })
      : undefined;
  const app = new App({
    token: config.botToken,
    ...(receiver
      ? { receiver }
      : { socketMode: true, appToken: config.mode === 'socket' ? config.appToken : '' }),
    ...(options.logger ? { logger: options.logger } : {}),
    // Bolt sets its logger to this level: keep the one the caller chose.
    logLevel: options.logger?.getLevel() ?? LogLevel.INFO,
    clientOptions: webClientOptions(config.apiUrl),
    convoStore: false,
    // `start()` runs auth.test, so a bad token fails start-up with a clear error.
    deferInitialization: true,
  });
  const ctx: ChannelContext = {
    deps,
    logger: app.logger,
    adminUserIds: config.adminUserIds,
    threadTtlSeconds: options.threadTtlSeconds ?? 7 * 24 * 60 * 60,
    clock: options.clock ?? Date.now,
    ...(config.handoffChannel ? { handoffChannel: config.handoffChannel } : {}),
    spawn(work) {
      const task = work()
        .catch((error: unknown) => ctx.logger.error(`slack: ${describeSlackError(error)}`))
        .finally(() => running.delete(task));
      running.add(task);
    },
  };

  // Slack retries an event it thinks went unanswered (X-Slack-Retry-Num), possibly to another
  // process: its event_id is claimed once, so a retry is acknowledged and otherwise ignored.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (
      typeof eventId === 'string' &&
      !(await deps.state.claim(`event:${eventId}`, CLAIM_TTL_SECONDS))
    ) {
      ctx.logger.debug(`slack: event ${eventId} already handled (retry)`);
      return;
    }
    await next();
  });
  // After the retry check; takes DM threads (assistant threads) before the listeners below.
  app.assistant(createAssistantThreads(app, ctx, options.assistantThreads));
  registerMessageListeners(app, ctx, agentDesk(app, ctx));
  registerActionListeners(app, ctx);
  registerCommand(app, ctx);
  app.error(async (error) => {
    ctx.logger.error(`slack: ${describeSlackError(error)}`);
  });

  const handler = receiver
    ? createHttpHandler({
        receiver,
        signingSecret: config.mode === 'http' ? config.signingSecret : '',
        clock: ctx.clock,
        logger: ctx.logger,
      })
    : undefined;
  const idle = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return {
    app,
    mode: config.mode,
    endpoint,
    ...(handler ? { handler } : {}),
    async start() {
      await app.init();
      if (config.mode === 'socket') await app.start();
    },
    async stop() {
      await idle();
      if (config.mode === 'socket') await app.stop();
    },
    idle,
  };
}

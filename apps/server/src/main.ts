import { describeConfig, loadConfig } from '@switchboard/config';
import { describeError } from '@switchboard/core';
import {
  createLogger,
  type JobCounter,
  PrometheusMetrics,
  startTracing,
  watchEventLoop,
} from '@switchboard/observability';
import { guardProcess, openRuntime } from '@switchboard/runtime';
import { adminThrottleFrom, chatAccessFrom } from './access-from-config.ts';
import { buildApp } from './app.ts';
import { openBotFramework } from './botframework/open-botframework.ts';
import { openSlack, slackHandoffTargets } from './slack/open-slack.ts';
import { articlePath } from './web/articles.ts';
import { webOptionsFrom } from './web/from-runtime.ts';

/** How long an orderly stop after an uncaught exception may take before the process just exits. */
const FATAL_EXIT_DEADLINE_MS = 10_000;
/** Set once the server listens: closes the port, Slack and the runtime, then exits with `code`. */
let stopServer: ((reason: string, code: number) => Promise<void>) | undefined;

/** Every line of the process (its own events, the runtime's, Fastify's requests): one JSON format. */
const log = createLogger({ level: 'info', process: 'server' });

// Unhandled rejections are logged and counted, never fatal; an uncaught exception is logged and
// stops the process in order (see guardProcess for why).
guardProcess({
  log,
  onFatal: () => {
    setTimeout(() => process.exit(1), FATAL_EXIT_DEADLINE_MS).unref();
    void (stopServer?.('uncaught exception', 1) ?? Promise.resolve()).finally(() =>
      process.exit(1),
    );
  },
});

// A blocked event loop delays every request at once; the log line says when and for how long.
watchEventLoop({ log });

/** Starts Switchboard: validate config, prepare knowledge + models, listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  log.level = config.server.logLevel;
  const say = (line: string) => log.info('server.status', { msg: line });
  log.info('server.starting', { config: describeConfig(config) });
  // Loaded only when an OTLP endpoint is configured; otherwise a tracer that does nothing.
  const tracing = await startTracing(
    config.observability.tracing && { ...config.observability.tracing, process: 'server' },
  );
  const metrics = new PrometheusMetrics();
  const runtime = await openRuntime(config, {
    log: say,
    // Sync runs log one JSON line per event, each with its run id.
    events: log,
    metrics,
    tracer: tracing.tracer,
    handoffTargets: await slackHandoffTargets(config),
    // Listen at once (a run left stalled by a killed process can take a minute to resume);
    // /readyz answers 503 until the start-up syncs finish and the router is fitted on them.
    waitForSync: false,
  });
  metrics.watch({
    queues: new Map<string, JobCounter>([
      [runtime.sync.queue.name, runtime.sync.queue],
      [runtime.brand.training.name, runtime.brand.training],
    ]),
    indexChunks: () => runtime.index.count(),
  });
  const slack = await openSlack(config, runtime, say, log);
  const botframework = await openBotFramework(config, runtime, say, log);
  const chatAccess = chatAccessFrom(config, runtime.redis);
  say(chatAccess.line);
  const app = await buildApp({
    assistant: runtime.assistant,
    health: () => runtime.liveness(),
    readiness: () => runtime.readiness(),
    maxMessageChars: config.server.maxMessageChars,
    loggerInstance: log,
    metrics: {
      render: () => metrics.render(),
      observeRequest: (o) => metrics.observeRequest(o),
      ...(config.observability.metricsToken ? { token: config.observability.metricsToken } : {}),
    },
    tracer: tracing.tracer,
    timeouts: config.server.timeouts,
    api: chatAccess.access,
    trustProxy: config.server.trustProxy,
    ...(runtime.admin
      ? {
          admin: {
            ...runtime.admin,
            // `switchboard ask` asks here while the server runs (the CLI never opens the index).
            assistant: runtime.assistant,
            feedback: runtime.support.feedback,
            gaps: runtime.support.gaps,
            harvest: runtime.harvest,
            customers: runtime.customers,
            conversations: runtime.conversations,
            // Cited documents without a URL open on the server's help pages.
            citationLink: (citation) => articlePath(citation.docId),
            knowledgeFeedback: runtime.knowledgeFeedback,
            handoffs: runtime.support.handoff,
            throttle: adminThrottleFrom(config, runtime.redis),
          },
        }
      : {}),
    ...(slack?.handler ? { slack } : {}),
    ...(botframework ? { botframework } : {}),
    web: await webOptionsFrom(config, runtime),
    // Agent replies are signed like the outgoing handoff webhook, so they need its secret.
    ...(config.handoff.webhook
      ? {
          handoffReplies: {
            secret: config.handoff.webhook.secret,
            harvest: runtime.harvest,
            // Replies reach the customer; `handBack` gives the conversation back to the bot.
            loop: runtime.support.handoff,
          },
        }
      : {}),
    // Chatwoot agents' replies and resolved conversations come back through its webhook.
    ...(config.handoff.chatwoot
      ? { chatwoot: { token: config.handoff.chatwoot.webhookToken, loop: runtime.support.handoff } }
      : {}),
  });
  const shutdown = async (signal: string, code = 0) => {
    say(`${signal} received, shutting down`);
    await app.close();
    await slack?.stop();
    await runtime.close();
    await tracing.shutdown();
    process.exit(code);
  };
  stopServer = shutdown;
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  say(`listening at ${address}: liveness at ${address}/healthz, readiness at ${address}/readyz`);
  void runtime.settled.then(() =>
    say(`ready: chat API at ${address}/api/chat (knowledge synced, router fitted)`),
  );
  say(`web widget demo at ${address}/ (embed: <script src="${address}/widget.js">)`);
  if (runtime.admin) say(`admin page at ${address}/admin (log in with SWITCHBOARD_ADMIN_TOKEN)`);
}

main().catch((err: unknown) => {
  // Start-up errors are ours to explain: print the message (it names the fix), not a stack.
  const message = describeError(err);
  process.stderr.write(`[switchboard] failed to start: ${message}\n`);
  process.exit(1);
});

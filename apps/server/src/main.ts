import { describeConfig, loadConfig } from '@switchboard/config';
import { describeError, jsonLogger } from '@switchboard/core';
import { openRuntime } from '@switchboard/runtime';
import { buildApp } from './app.ts';
import { openBotFramework } from './botframework/open-botframework.ts';
import { openSlack, slackHandoffTargets } from './slack/open-slack.ts';
import { webOptionsFrom } from './web/from-runtime.ts';

/** Starts Switchboard: validate config, prepare knowledge + models, listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (line: string) => process.stdout.write(`[switchboard] ${line}\n`);
  say(`starting with ${JSON.stringify(describeConfig(config))}`);
  const runtime = await openRuntime(config, {
    log: say,
    // Sync runs log one JSON line per event, each with its run id.
    events: jsonLogger((line) => process.stdout.write(line), { process: 'server' }),
    handoffTargets: slackHandoffTargets(config),
  });
  const slack = await openSlack(config, runtime, say);
  const botframework = openBotFramework(config, runtime, say);
  const app = await buildApp({
    assistant: runtime.assistant,
    health: () => runtime.health(),
    maxMessageChars: config.server.maxMessageChars,
    logger: { level: config.server.logLevel },
    ...(runtime.admin
      ? {
          admin: {
            ...runtime.admin,
            feedback: runtime.support.feedback,
            gaps: runtime.support.gaps,
            harvest: runtime.harvest,
          },
        }
      : {}),
    ...(slack?.handler ? { slack } : {}),
    ...(botframework ? { botframework } : {}),
    web: await webOptionsFrom(config, runtime),
    // Agent replies are signed like the outgoing handoff webhook, so they need its secret.
    ...(config.handoff.webhook
      ? { handoffReplies: { secret: config.handoff.webhook.secret, harvest: runtime.harvest } }
      : {}),
  });
  const shutdown = async (signal: string) => {
    say(`${signal} received, shutting down`);
    await app.close();
    await slack?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  say(`ready: chat API at ${address}/api/chat, health at ${address}/healthz`);
  say(`web widget demo at ${address}/ (embed: <script src="${address}/widget.js">)`);
  if (runtime.admin) say(`admin page at ${address}/admin (log in with SWITCHBOARD_ADMIN_TOKEN)`);
}

main().catch((err: unknown) => {
  // Start-up errors are ours to explain: print the message (it names the fix), not a stack.
  const message = describeError(err);
  process.stderr.write(`[switchboard] failed to start: ${message}\n`);
  process.exit(1);
});

import type { Config } from '@switchboard/config';
import type { Reply } from '@switchboard/core';
import { openRuntime } from '@switchboard/runtime';
import { cliLogger } from '../logger.ts';

/**
 * Answers one question with a runtime opened in this process, when no server runs. The sync
 * worker (and with it the folder watcher and schedules) stays off, and nothing waits for a sync:
 * the answer comes from the index as the last sync left it.
 */
export async function askLocally(
  config: Config,
  question: string,
  conversationId: string,
): Promise<Reply> {
  const log = cliLogger(config);
  const runtime = await openRuntime(
    { ...config, sync: { ...config.sync, worker: 'off' } },
    {
      log: (line) => log.info('cli.progress', { msg: line }),
      events: log,
      waitForSync: false,
    },
  );
  try {
    return await runtime.assistant.reply({ conversationId, text: question, channel: 'cli' });
  } finally {
    await runtime.close();
  }
}

import { randomUUID } from 'node:crypto';
import { loadConfig } from '@switchboard/config';
import { openRuntime } from '@switchboard/runtime';
import { cliLogger } from '../logger.ts';
import { type CommandArgs, UsageError } from '../output.ts';

/** `switchboard ask "<question>"`: one answer with its route, confidence and citations. */
export async function askCommand({ positionals, values }: CommandArgs): Promise<void> {
  const question = positionals.join(' ').trim();
  if (!question)
    throw new UsageError(
      'ask needs a question, e.g. switchboard ask "How do I reset my thermostat?"',
    );
  const json = values.json === true;
  const config = loadConfig();
  const log = cliLogger(config);
  const runtime = await openRuntime(config, {
    log: (line) => log.info('cli.progress', { msg: line }),
    events: log,
  });
  try {
    const conversationId =
      typeof values.conversation === 'string' ? values.conversation : randomUUID();
    const reply = await runtime.assistant.reply({ conversationId, text: question, channel: 'cli' });
    if (json) {
      process.stdout.write(`${JSON.stringify(reply)}\n`);
      return;
    }
    const { scores, thresholds } = reply.decision;
    process.stdout.write(`${reply.text}\n\n`);
    process.stdout.write(`route:       ${reply.route} (${reply.decision.reason})\n`);
    process.stdout.write(`confidence:  ${reply.confidence.toFixed(3)}\n`);
    process.stdout.write(
      `scores:      brand ${scores.brand.toFixed(3)} [${scores.brandIntent}] ≥ ${thresholds.brand}?  knowledge ${scores.knowledge.toFixed(3)} ≥ ${thresholds.knowledge}?  human request ${scores.handoffRequest.toFixed(3)}\n`,
    );
    if (reply.resolvedQuery !== question)
      process.stdout.write(`resolved as: ${reply.resolvedQuery}\n`);
    for (const c of reply.citations) {
      process.stdout.write(
        `[${c.index}] ${[c.title, ...c.sectionPath].join(' › ')}${c.url ? ` <${c.url}>` : ` (${c.docId})`}\n`,
      );
    }
    process.stdout.write(`conversation: ${conversationId}\n`);
  } finally {
    await runtime.close();
  }
}

/**
 * The work behind `POST /api/chat`, offline defaults: the runtime `npm start` builds (sample
 * data, embedded index, trained brand voice, fitted router, Redis memory), answering the sample's
 * labelled routing questions plus a few small-talk messages, each in a new conversation.
 *
 * Runs on its own too (`npx tsx bench/chat-reply.ts`), printing one JSON line, so the same
 * measurement can be taken on an older commit (copy this file into a worktree of it) and compared.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@switchboard/config';
import { openRuntime } from '@switchboard/runtime';
import { percentile, timeEach } from './stats.ts';

const SMALL_TALK = ['hi', 'thanks a lot', 'yeah spot on', 'are you a bot?', 'bye', 'ok cool'];

/** Milliseconds per reply, over `rounds` passes of the message set. */
export async function benchChatReply(rounds = 5): Promise<{ p50: number; p99: number; n: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-chat-'));
  const env = {
    ...process.env,
    SWITCHBOARD_DATA_DIR: dataDir,
    REDIS_PREFIX: `bench-${Date.now()}`,
  };
  const runtime = await openRuntime(loadConfig(env as NodeJS.ProcessEnv));
  try {
    const testPath = fileURLToPath(new URL('../data/sample/routing-test.jsonl', import.meta.url));
    const questions = (await readFile(testPath, 'utf8'))
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { text: string }).text);
    const messages = Array.from({ length: rounds }, () => [...questions, ...SMALL_TALK]).flat();
    // Steady state: one untimed pass, then a pause, so work a fresh start does in the background
    // (scoring the base brand model, the widget's suggestions) is not timed as reply latency.
    for (const [n, text] of [...questions, ...SMALL_TALK].entries())
      await runtime.assistant.reply({ conversationId: `warm-${n}`, text, channel: 'api' });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    let i = 0;
    const times = await timeEach(messages, (text) =>
      runtime.assistant.reply({ conversationId: `bench-${i++}`, text, channel: 'api' }),
    );
    return { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length };
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchChatReply())}\n`);
  process.exit(0);
}

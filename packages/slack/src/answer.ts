import type { Logger, webApi } from '@slack/bolt';
import type { Reply } from '@switchboard/core';
import { answerBlocks } from './answer-blocks.ts';
import type { SlackAssistant, SlackStateStore } from './ports.ts';
import {
  type AnswerTarget,
  type ReplyWriter,
  streamingWriter,
  updatingWriter,
} from './reply-writer.ts';

export interface AnswerInput {
  client: webApi.WebClient;
  assistant: SlackAssistant;
  state: SlackStateStore;
  logger: Logger;
  target: AnswerTarget;
  conversationId: string;
  question: string;
  /** How long the bot keeps answering un-mentioned replies in the thread. */
  threadTtlSeconds: number;
}

const SORRY = "Sorry, I couldn't answer that just now. Please try again in a moment.";

export function describeSlackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  const message = error instanceof Error ? error.message : String(error);
  return typeof data?.error === 'string' ? `${message} (${data.error})` : message;
}

/** Slack shows the status under the thread while we work; it clears when we post. Best effort. */
async function setStatus(input: AnswerInput, status: string): Promise<void> {
  const { client, target, logger } = input;
  if (!target.thread) return;
  try {
    await client.assistant.threads.setStatus({
      channel_id: target.channel,
      thread_ts: target.thread,
      status,
    });
  } catch (error) {
    logger.debug(`slack: setStatus unavailable: ${describeSlackError(error)}`);
  }
}

function writerFor(input: AnswerInput): ReplyWriter {
  const { client, target, logger } = input;
  if (!target.thread) return updatingWriter(client, target);
  return streamingWriter(client, { ...target, thread: target.thread }, (error) =>
    logger.info(
      `slack: streaming unavailable, posting then updating: ${describeSlackError(error)}`,
    ),
  );
}

/**
 * Answers one question where it was asked: shows a status, streams the assistant's reply, and
 * closes it with citations, feedback buttons and "Talk to a human". Never throws: a failure is
 * logged and the customer gets an apology instead of silence.
 */
export async function answerQuestion(input: AnswerInput): Promise<Reply | null> {
  const { assistant, target, conversationId, question, logger } = input;
  await setStatus(input, 'is looking this up…');
  const writer = writerFor(input);
  try {
    let reply: Reply | null = null;
    const message = {
      conversationId,
      text: question,
      channel: 'slack' as const,
      userId: target.user,
    };
    for await (const event of assistant.stream(message)) {
      if (event.type === 'delta') await writer.append(event.text);
      else if (event.type === 'done') reply = event.reply;
    }
    if (!reply) throw new Error('the assistant ended without a reply');
    await writer.finish(reply.text, answerBlocks(reply));
    if (target.thread) await input.state.rememberThread(conversationId, input.threadTtlSeconds);
    return reply;
  } catch (error) {
    logger.error(`slack: answering in ${conversationId} failed: ${describeSlackError(error)}`);
    await setStatus(input, '');
    try {
      await input.client.chat.postMessage({
        channel: target.channel,
        text: SORRY,
        ...(target.thread ? { thread_ts: target.thread } : {}),
      });
    } catch (postError) {
      logger.error(`slack: could not post the apology: ${describeSlackError(postError)}`);
    }
    return null;
  }
}

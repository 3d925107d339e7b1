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

/** A short line in the conversation's place, without buttons (handoff notices). */
async function postPlain(input: AnswerInput, text: string): Promise<void> {
  const { target } = input;
  await input.client.chat.postMessage({
    channel: target.channel,
    text,
    ...(target.thread ? { thread_ts: target.thread } : {}),
  });
}

/**
 * Answers one question where it was asked: shows a status, streams the assistant's reply, and
 * closes it with citations, feedback buttons and "Talk to a human". Never throws: a failure is
 * logged and the customer gets an apology instead of silence.
 */
export async function answerQuestion(input: AnswerInput): Promise<Reply | null> {
  const { assistant, target, conversationId, question, logger } = input;
  const writer = writerFor(input);
  try {
    let reply: Reply | null = null;
    let held = false;
    const message = {
      conversationId,
      text: question,
      channel: 'slack' as const,
      userId: target.user,
    };
    for await (const event of assistant.stream(message)) {
      // A person holds the thread: no "looking this up", no answer, at most a short notice.
      if (event.type === 'meta') {
        held = event.held !== undefined;
        if (!held) await setStatus(input, 'is looking this up…');
      } else if (event.type === 'delta' && !held) await writer.append(event.text);
      else if (event.type === 'done') reply = event.reply;
    }
    if (!reply) throw new Error('the assistant ended without a reply');
    if (held) {
      if (reply.text) await postPlain(input, reply.text);
      return reply;
    }
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

import type { types, webApi } from '@slack/bolt';
import { markdownToMrkdwn } from './mrkdwn.ts';

type WebClient = webApi.WebClient;

/** Where an answer goes, and to whom (streaming outside a DM names its recipient). */
export interface AnswerTarget {
  team: string;
  channel: string;
  /** Thread root `ts`; absent for the top level of a DM (Slack streams only into threads). */
  thread?: string;
  user: string;
}

/** Writes one answer as it arrives: pieces of Markdown, then the closing blocks. */
export interface ReplyWriter {
  append(markdown: string): Promise<void>;
  /** Ends the answer; `finalMarkdown` is the whole answer as the assistant settled it. */
  finish(finalMarkdown: string, blocks: types.KnownBlock[]): Promise<void>;
}

/**
 * Streaming methods answer plenty of text per call; 128 characters keeps the answer visibly
 * moving while staying far below `chat.appendStream`'s rate limit.
 */
const STREAM_BUFFER = 128;
/** `chat.update` is rate-limited (about one per second per message): update every ~300 chars. */
const UPDATE_EVERY = 300;
/** Slack's limit for a message's text is 40,000 characters; keep a margin for the notice. */
const MAX_TEXT = 39_000;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n…` : text;
}

/** Post-then-update: a placeholder message, edited as the answer grows, then finalised. */
export function updatingWriter(client: WebClient, target: AnswerTarget): ReplyWriter {
  let ts: string | undefined;
  let text = '';
  let shownLength = 0;
  const threadArgs = target.thread ? { thread_ts: target.thread } : {};
  const show = async (body: string, blocks?: types.KnownBlock[]) => {
    const args = { channel: target.channel, text: clip(body), ...(blocks ? { blocks } : {}) };
    if (ts) await client.chat.update({ ...args, ts });
    else ts = (await client.chat.postMessage({ ...args, ...threadArgs })).ts;
    shownLength = text.length;
  };
  return {
    async append(markdown) {
      text += markdown;
      if (!ts || text.length - shownLength >= UPDATE_EVERY) await show(markdownToMrkdwn(text));
    },
    async finish(finalMarkdown, blocks) {
      text = finalMarkdown;
      const mrkdwn = markdownToMrkdwn(finalMarkdown);
      // Blocks replace the text in the message body, so the answer goes first as a section.
      const answer = chunkSections(mrkdwn);
      await show(mrkdwn, [...answer, ...blocks]);
    },
  };
}

/** Section text is capped at 3,000 characters: split long answers on line breaks. */
function chunkSections(mrkdwn: string): types.KnownBlock[] {
  const sections: types.KnownBlock[] = [];
  let rest = clip(mrkdwn);
  while (rest.length > 0) {
    let cut = rest.length <= 3000 ? rest.length : rest.lastIndexOf('\n', 3000);
    if (cut <= 0) cut = Math.min(3000, rest.length);
    sections.push({ type: 'section', text: { type: 'mrkdwn', text: rest.slice(0, cut) } });
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  return sections;
}

/**
 * Slack's streaming methods (`chat.startStream` / `appendStream` / `stopStream`, through the
 * SDK's chat streamer). If the stream cannot even start (an older workspace, a method Slack
 * refuses), the answer continues as post-then-update with everything written so far; a failure
 * after the stream started is rethrown, as the customer already sees part of the answer.
 */
export function streamingWriter(
  client: WebClient,
  target: AnswerTarget & { thread: string },
  onFallback: (error: unknown) => void,
): ReplyWriter {
  const streamer = client.chatStream({
    channel: target.channel,
    thread_ts: target.thread,
    recipient_team_id: target.team,
    recipient_user_id: target.user,
    buffer_size: STREAM_BUFFER,
  });
  let written = '';
  let fallback: ReplyWriter | null = null;
  const fallBack = async (error: unknown) => {
    if (streamer.ts !== undefined) throw error;
    onFallback(error);
    fallback = updatingWriter(client, target);
    if (written) await fallback.append(written);
    return fallback;
  };
  return {
    async append(markdown) {
      written += markdown;
      if (fallback) return fallback.append(markdown);
      try {
        await streamer.append({ markdown_text: markdown });
      } catch (error) {
        await fallBack(error);
      }
    },
    async finish(finalMarkdown, blocks) {
      if (!fallback) {
        try {
          await streamer.stop({ blocks });
          return;
        } catch (error) {
          await fallBack(error);
        }
      }
      await (fallback as ReplyWriter | null)?.finish(finalMarkdown, blocks);
    },
  };
}

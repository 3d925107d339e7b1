import type { types } from '@slack/bolt';
import type { Citation, Reply } from '@switchboard/core';
import { escapeMrkdwn } from './mrkdwn.ts';

export const FEEDBACK_ACTION = 'switchboard_feedback';
export const HANDOFF_ACTION = 'switchboard_handoff';

/** What a clicked feedback button carries back: whose answer, and which way. */
export interface FeedbackValue {
  conversationId: string;
  messageId: string;
  rating: 'up' | 'down';
}

// Slack caps a context block at 10 elements; more citations than that are rare and are dropped.
const MAX_CITATIONS = 10;

function citationLine(citation: Citation): string {
  const title = escapeMrkdwn(citation.title).replace(/\|/g, '/');
  return citation.url
    ? `[${citation.index}] <${citation.url}|${title}>`
    : `[${citation.index}] ${title}`;
}

/**
 * The blocks closing each answer: the numbered citations as links, 👍/👎 (Slack's native
 * feedback buttons) and "Talk to a human". The answer text itself is streamed, or posted as the
 * message's text, so it is not repeated here.
 */
export function answerBlocks(
  reply: Pick<Reply, 'conversationId' | 'messageId' | 'citations' | 'handoff'>,
): types.KnownBlock[] {
  const value = (rating: FeedbackValue['rating']) =>
    encodeFeedback({ conversationId: reply.conversationId, messageId: reply.messageId, rating });
  const blocks: types.KnownBlock[] = [];
  if (reply.citations.length > 0) {
    blocks.push({
      type: 'context',
      elements: reply.citations
        .slice(0, MAX_CITATIONS)
        .map((citation) => ({ type: 'mrkdwn', text: citationLine(citation) })),
    });
  }
  blocks.push(
    {
      type: 'context_actions',
      elements: [
        {
          type: 'feedback_buttons',
          action_id: FEEDBACK_ACTION,
          positive_button: {
            text: { type: 'plain_text', text: 'Good answer' },
            accessibility_label: 'This answer helped',
            value: value('up'),
          },
          negative_button: {
            text: { type: 'plain_text', text: 'Bad answer' },
            accessibility_label: 'This answer did not help',
            value: value('down'),
          },
        },
      ],
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: HANDOFF_ACTION,
          text: { type: 'plain_text', text: 'Talk to a human' },
          value: reply.conversationId,
          // When the assistant itself suggests a person, the button is the way forward.
          ...(reply.handoff ? { style: 'primary' as const } : {}),
        },
      ],
    },
  );
  return blocks;
}

export function encodeFeedback(value: FeedbackValue): string {
  return JSON.stringify({ c: value.conversationId, m: value.messageId, r: value.rating });
}

/** `null` for anything that is not a value this channel wrote. */
export function decodeFeedback(raw: string | undefined): FeedbackValue | null {
  try {
    const parsed: unknown = JSON.parse(raw ?? '');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { c, m, r } = parsed as Record<string, unknown>;
    if (typeof c !== 'string' || typeof m !== 'string' || (r !== 'up' && r !== 'down')) return null;
    return { conversationId: c, messageId: m, rating: r };
  } catch {
    return null;
  }
}

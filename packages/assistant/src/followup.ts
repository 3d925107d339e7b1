import type { Turn } from '@switchboard/core';
import { isStopword, words } from '@switchboard/text';

/** Words that carry no topic: question words and generic verbs of support questions. */
const NON_TOPIC = new Set(
  (
    'how what when where why which who whose whom can could would should will may might must ' +
    'do does did done make makes made get gets got use used using set sets turn turns turned change ' +
    'changed enable enabled disable disabled want need know tell show help work works working try ' +
    'find see go going thing things way ways also still really please thanks thank hi hello hey ' +
    'like just now again one ok okay yes no not on off up down back'
  ).split(' '),
);

const ANAPHORA = /\b(it|its|that|this|them|they|those|these|one)\b/i;
const CONTINUATION =
  /^\s*(and|also|but|so|then|what about|how about|what if|same for|and if|or)\b/i;

export interface FollowUpResolution {
  /** The query to route and retrieve with. */
  query: string;
  /** True when the message was rewritten using the conversation. */
  resolved: boolean;
  /** The topic taken from earlier turns, when used. */
  topic?: string;
  /** Why it was rewritten: it points back ("it", "what about"), or is too short to stand alone. */
  because?: 'refers_back' | 'too_short';
}

/** Content words of a text in their original order: the topic a follow-up refers to. */
export function topicOf(text: string): string {
  return words(text)
    .filter((w) => !isStopword(w) && !NON_TOPIC.has(w) && w.length > 1)
    .join(' ');
}

function contentWordCount(text: string): number {
  return topicOf(text).split(' ').filter(Boolean).length;
}

/**
 * Rewrites a follow-up ("and how do I turn it off?") into a standalone query using the previous
 * user turn's topic ("how do I turn dark mode off"). Offline and deterministic: it only rewrites
 * when the message refers back (a pronoun, or a continuation like "what about") or is too short
 * to stand alone, so self-contained questions pass through unchanged.
 */
export function resolveFollowUp(text: string, history: readonly Turn[]): FollowUpResolution {
  const previous = [...history].reverse().find((t) => t.role === 'user');
  if (!previous) return { query: text, resolved: false };
  const refersBack = ANAPHORA.test(text) || CONTINUATION.test(text);
  const tooShort = contentWordCount(text) <= 1;
  if (!refersBack && !tooShort) return { query: text, resolved: false };

  const topic = topicOf(previous.resolvedQuery ?? previous.text);
  if (!topic) return { query: text, resolved: false };
  const ownTopic = new Set(topicOf(text).split(' '));
  const missing = topic
    .split(' ')
    .filter((w) => !ownTopic.has(w))
    .join(' ');
  if (!missing) return { query: text, resolved: false };

  const stripped = text.replace(CONTINUATION, '').trim();
  const query = ANAPHORA.test(stripped)
    ? stripped.replace(ANAPHORA, missing)
    : `${stripped.replace(/[?.!\s]+$/, '')} ${missing}`;
  const because = refersBack ? 'refers_back' : 'too_short';
  return { query: query.trim(), resolved: true, topic: missing, because };
}

import type { HandoffReason, RouteName } from '@switchboard/core';
import type { ConversationRecord } from './conversation-record.ts';

/**
 * How an issue ended, judged the way support products judge a bot (Zendesk's automated
 * resolutions, Intercom Fin's resolutions):
 * - `handed_off`: a handoff happened (the assistant handed off or offered to, a ticket was made,
 *   or a person replied);
 * - `negative`: no handoff, but an answer was rated 👎;
 * - `pending`: neither, and the customer may still come back on it (the window has not passed);
 * - `resolved`: a question was answered (brand or knowledge), no handoff, no 👎, and no new
 *   message came within the window after the issue's last message;
 * - `small_talk`: only greetings and politeness: no question, so not counted either way.
 */
export type IssueOutcome = 'resolved' | 'handed_off' | 'negative' | 'pending' | 'small_talk';
export const ISSUE_OUTCOMES: readonly IssueOutcome[] = [
  'resolved',
  'handed_off',
  'negative',
  'pending',
  'small_talk',
];

/** Why an issue went to people: a handoff reason, or a person replying without a ticket seen. */
export type IssueHandoffReason = HandoffReason | 'agent_replied';

export interface IssueAnswer {
  route: RouteName;
  at: number;
  rating?: 'up' | 'down';
}

/** One customer issue: the messages of a conversation with no gap longer than the window. */
export interface Issue {
  startAt: number;
  /** The last message of the issue (tickets and ratings do not extend it). */
  lastAt: number;
  /**
   * The route that took the issue: the first answer that was not small talk (`smalltalk` when
   * there was none, `handoff` when a person took it before any answer).
   */
  route: RouteName;
  outcome: IssueOutcome;
  /** The first handoff's reason, when it was handed off. */
  handoffReason?: IssueHandoffReason;
  answers: IssueAnswer[];
}

export interface ResolutionPolicy {
  /**
   * A message within this long after the previous one continues the same issue; an issue is
   * resolved only once this long passed after its last message. (SWITCHBOARD_RESOLUTION_WINDOW_HOURS)
   */
  windowMs: number;
  /** Epoch ms the outcomes are judged at. */
  now: number;
}

interface Draft {
  startAt: number;
  lastAt: number;
  answers: IssueAnswer[];
  handoffReason?: IssueHandoffReason;
}

function judge(draft: Draft, policy: ResolutionPolicy): Issue {
  const answered = draft.answers.find((a) => a.route !== 'smalltalk');
  const route: RouteName =
    answered?.route ?? (draft.handoffReason && !draft.answers.length ? 'handoff' : 'smalltalk');
  let outcome: IssueOutcome;
  if (draft.handoffReason) outcome = 'handed_off';
  else if (draft.answers.some((a) => a.rating === 'down')) outcome = 'negative';
  else if (policy.now - draft.lastAt < policy.windowMs) outcome = 'pending';
  else outcome = answered ? 'resolved' : 'small_talk';
  return {
    startAt: draft.startAt,
    lastAt: draft.lastAt,
    route,
    outcome,
    ...(draft.handoffReason ? { handoffReason: draft.handoffReason } : {}),
    answers: draft.answers,
  };
}

/**
 * Splits a conversation into issues and judges each. A customer message more than the window
 * after the issue's last message starts a new issue; anything sooner is the customer coming
 * back on the same issue, which therefore was not resolved yet.
 */
export function issuesOf(
  record: Pick<ConversationRecord, 'events' | 'ratings'>,
  policy: ResolutionPolicy,
): Issue[] {
  const events = [...record.events].sort((a, b) => a.at - b.at);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  for (const event of events) {
    const message = event.kind !== 'ticket';
    if (!current || (event.kind === 'user' && event.at - current.lastAt > policy.windowMs)) {
      current = { startAt: event.at, lastAt: event.at, answers: [] };
      drafts.push(current);
    }
    if (message) current.lastAt = Math.max(current.lastAt, event.at);
    if (event.kind === 'assistant') {
      if (event.reason) current.handoffReason ??= event.reason;
      // Lines without a message id are the handoff loop's notices ("passed on", "back to the
      // assistant"): activity, but no answer to rate.
      if (!event.id) continue;
      const rating = record.ratings.get(event.id)?.rating;
      current.answers.push({
        // A turn without a route (never written by the assistant) answered nothing.
        route: event.route ?? 'smalltalk',
        at: event.at,
        ...(rating ? { rating } : {}),
      });
    } else if (event.kind === 'ticket') current.handoffReason ??= event.reason ?? 'customer_asked';
    else if (event.kind !== 'user') current.handoffReason ??= 'agent_replied';
  }
  return drafts.map((draft) => judge(draft, policy));
}

/**
 * The outcome of a whole conversation (the list's column and filter): handed off if any issue
 * was, else 👎 if any answer was, else pending while its last issue may continue, else resolved
 * if any issue was, else small talk.
 */
export function conversationOutcome(issues: readonly Issue[]): IssueOutcome {
  const has = (outcome: IssueOutcome) => issues.some((issue) => issue.outcome === outcome);
  if (has('handed_off')) return 'handed_off';
  if (has('negative')) return 'negative';
  if (issues.at(-1)?.outcome === 'pending') return 'pending';
  return has('resolved') ? 'resolved' : 'small_talk';
}

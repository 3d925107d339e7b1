import type { Activity } from 'botbuilder';

/** The button that asks for a person; typed text equal to it counts too (Teams imBack). */
export const HANDOFF_BUTTON_TITLE = 'Talk to a human';

/** What our messageBack buttons carry in `value`. */
export type SwitchboardAction =
  | { switchboard: 'feedback'; rating: 'up' | 'down'; messageId: string }
  | { switchboard: 'handoff' };

/** A Teams feedback-loop submission (`invoke` named `message/submitAction`). */
export interface TeamsFeedback {
  rating: 'up' | 'down';
  reason?: string;
  /** The id of the bot message that was rated. */
  ratedActivityId: string;
}

const MAX_REASON_CHARS = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A button press from a message activity, or undefined for an ordinary message. */
export function buttonActionOf(activity: Activity, text: string): SwitchboardAction | undefined {
  const value: unknown = activity.value;
  if (isRecord(value) && value.switchboard === 'handoff') return { switchboard: 'handoff' };
  if (
    isRecord(value) &&
    value.switchboard === 'feedback' &&
    (value.rating === 'up' || value.rating === 'down') &&
    typeof value.messageId === 'string' &&
    value.messageId.length > 0
  ) {
    return { switchboard: 'feedback', rating: value.rating, messageId: value.messageId };
  }
  if (text.trim().toLowerCase() === HANDOFF_BUTTON_TITLE.toLowerCase())
    return { switchboard: 'handoff' };
  return undefined;
}

/** The free text of Teams feedback: a JSON string like `{"feedbackText":"…"}`. */
function feedbackTextOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  let text: unknown = raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    text = isRecord(parsed) ? parsed.feedbackText : parsed;
  } catch {
    // Not JSON: keep the raw string as the reason.
  }
  return typeof text === 'string' && text.trim()
    ? text.trim().slice(0, MAX_REASON_CHARS)
    : undefined;
}

/** Teams feedback from an invoke activity, or undefined when it is some other invoke. */
export function teamsFeedbackOf(activity: Activity): TeamsFeedback | undefined {
  if (activity.name !== 'message/submitAction') return undefined;
  const value: unknown = activity.value;
  if (!isRecord(value) || value.actionName !== 'feedback' || !isRecord(value.actionValue))
    return undefined;
  const { reaction, feedback } = value.actionValue;
  if ((reaction !== 'like' && reaction !== 'dislike') || !activity.replyToId) return undefined;
  const reason = feedbackTextOf(feedback);
  return {
    rating: reaction === 'like' ? 'up' : 'down',
    ratedActivityId: activity.replyToId,
    ...(reason ? { reason } : {}),
  };
}

/** Every text the widget shows or announces; override any of them for another language. */
export const DEFAULT_STRINGS = {
  title: 'Support',
  greeting: 'Hi! Ask me anything about our products.',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  conversation: 'Conversation',
  inputLabel: 'Your message',
  placeholder: 'Ask a question…',
  send: 'Send',
  you: 'You',
  assistant: 'Assistant',
  typing: 'Typing…',
  sources: 'Sources',
  source: 'Source {n}: {title}',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  reasonLabel: 'What was wrong? (optional)',
  sendFeedback: 'Send feedback',
  feedbackThanks: 'Thanks for your feedback.',
  talkToHuman: 'Talk to a human',
  disclosure: 'AI assistant: answers can contain mistakes.',
  suggested: 'Suggested questions',
  solved: 'Did this solve it?',
  handoffDelivered:
    'We have passed this conversation to our team. A person will reply to you soon.',
  handoffFallback: 'Our team cannot be reached from here right now. Please contact us: {contact}.',
  waitingForPerson: 'Waiting for a person from our team to join…',
  withPerson: 'You are chatting with {name} from our team.',
  withTeam: 'You are chatting with our team.',
  agentJoined: '{name} from our team joined the conversation.',
  someone: 'A person',
  team: 'Support team',
  backToBot: 'Back to the assistant',
  errorNetwork: 'We could not reach support. Please try again.',
  errorTooLong: 'That message is too long. Please shorten it.',
  errorRateLimited: 'Too many messages. Please wait {seconds} seconds and try again.',
  errorGeneric: 'Something went wrong. Please try again.',
};

export type Strings = typeof DEFAULT_STRINGS;
export type StringKey = keyof Strings;

/** The defaults with any string overrides that are strings and name a known key (the first
 * override is usually a built-in language, `LOCALES[lang]`). */
export function mergeStrings(...overrides: Array<Partial<Record<string, unknown>> | undefined>) {
  const merged: Strings = { ...DEFAULT_STRINGS };
  for (const override of overrides) {
    for (const [key, value] of Object.entries(override ?? {})) {
      // Own keys only: "constructor" or "toString" from a host page's config are not strings we have.
      if (Object.hasOwn(merged, key) && typeof value === 'string') merged[key as StringKey] = value;
    }
  }
  return merged;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

import { mrkdwnToText } from './mrkdwn.ts';

/** A suggested prompt under the greeting: a short label, and the message a click sends. */
export interface SuggestedPrompt {
  /** What the prompt shows, e.g. 'Billing'. */
  title: string;
  /** What is sent as the customer's message when they pick it. */
  message: string;
}

/** What Slack's assistant panel (Agents & AI Apps) shows when someone opens a new thread. */
export interface AssistantThreadSettings {
  /**
   * The first message of each new assistant thread.
   * @defaultValue a greeting naming the company (`SlackChannelDeps.companyName`)
   */
  greeting?: string;
  /**
   * Prompts offered under the greeting; Slack shows at most four, so the rest are dropped. An
   * empty list offers none.
   * @defaultValue DEFAULT_PROMPTS
   */
  prompts?: readonly SuggestedPrompt[];
  /** The heading over the prompts. @defaultValue 'Try asking' */
  promptsTitle?: string;
}

/** Slack's limit for `assistant.threads.setSuggestedPrompts`. */
export const MAX_PROMPTS = 4;

/**
 * Questions any support assistant can take, the last one a way to a person (the router reads it as
 * "asked for a person", so it reaches the handoff targets or the profile's contact details).
 */
export const DEFAULT_PROMPTS: readonly SuggestedPrompt[] = [
  { title: 'Getting started', message: 'How do I get started?' },
  { title: 'Orders and billing', message: 'How do I see my invoices and past orders?' },
  { title: 'My account', message: 'How do I change my account details?' },
  { title: 'Talk to a person', message: "I'd like to talk to a person, please." },
];

export const DEFAULT_PROMPTS_TITLE = 'Try asking';

/** In the voice of the assistant's own replies to a greeting (`actReply`): no promises it can't keep. */
export function greetingText(companyName: string | undefined): string {
  const company = companyName?.trim();
  const assistant = company ? `the ${company} assistant` : 'the virtual assistant here';
  return `Hi! I'm ${assistant}. Ask me about our products, your orders or your account and I'll find the answer in our help centre. If you'd rather talk to a person, just say so.`;
}

/** Slack shows thread titles on one line in the panel's history: keep them short. */
const MAX_TITLE = 60;

/** A thread's title from its first question: plain text, one line, cut at a word. */
export function threadTitle(question: string): string {
  const line = mrkdwnToText(question).replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_TITLE) return line;
  const space = line.lastIndexOf(' ', MAX_TITLE - 1);
  // A first word longer than half the title is cut where the title ends.
  return `${line.slice(0, space >= MAX_TITLE / 2 ? space : MAX_TITLE - 1)}…`;
}

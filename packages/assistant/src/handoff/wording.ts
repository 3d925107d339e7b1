import type { CompanyProfile, HandoffActor } from '@switchboard/core';
import { contactDetails } from '../answer/messages.ts';

/** What the handoff loop says to customers; fixed words, never a model's. */
export interface LoopWording {
  /** @defaultValue 'our' */
  companyName?: string;
  /** Company facts: the contact details a timed-out customer is given. */
  profile?: CompanyProfile;
}

/** Said once when a customer writes while waiting for a person: the message is not lost. */
export function passedOnText(): string {
  return "Thanks, I've passed your message on. A member of our team will reply here.";
}

/** Said when the conversation goes back to the assistant, by whoever ended the handoff. */
export function backToBotText(by: HandoffActor, wording: LoopWording = {}): string {
  if (by === 'timeout') {
    const contact = contactDetails(wording.profile);
    const company = wording.companyName ?? 'our';
    return `Nobody from the ${company} team could reply in time, so I'm back to help in the meantime.${contact ? ` You can also reach them directly: ${contact}.` : ''}`;
  }
  if (by === 'agent')
    return 'Our team member has handed you back to me, the assistant. Ask me anything, or ask for a person again whenever you like.';
  return "You're back with the assistant. Ask me anything, or ask for a person again whenever you like.";
}

/**
 * A customer's own way back to the bot, in any channel: "!bot", "back to the bot", "talk to the
 * bot", "back to the assistant" (alone in the message, any case, a trailing "please" or "!" allowed).
 */
export function isBackToBotCommand(text: string): boolean {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!?\s]+$/, '')
    .replace(/,?\s*please$/, '');
  return (
    t === '!bot' ||
    /^(?:(?:go |take me )?back to|talk to|switch to) (?:the )?(?:bot|assistant)$/.test(t)
  );
}

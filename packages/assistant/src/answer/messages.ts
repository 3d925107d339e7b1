import type { CompanyProfile } from '@switchboard/core';

/** Fixed wording for outcomes that must not depend on a model: handoff and honest refusal. */

export interface HandoffWording {
  /** @defaultValue 'our' */
  companyName?: string;
  /**
   * True when a handoff target (webhook, Slack channel…) delivers the conversation to people;
   * only then may the reply promise that someone will come.
   */
  peopleAvailable: boolean;
  /** Company facts; their contact details are given when nobody can be brought in. */
  profile?: CompanyProfile;
}

const normalised = (key: string) =>
  key.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();

/** The first profile value whose key and value look like the wanted contact detail. */
function contactValue(
  profile: CompanyProfile,
  key: RegExp,
  value: RegExp = /\S/,
): string | undefined {
  for (const [name, text] of Object.entries(profile)) {
    if (typeof text === 'string' && key.test(normalised(name)) && value.test(text))
      return text.trim();
  }
  return undefined;
}

/**
 * "e-mail help@… or phone +1 555 0100 (Monday to Friday, 8am–8pm ET)": the ways to reach the
 * company's people that the profile names, or undefined when it names none.
 */
export function contactDetails(profile: CompanyProfile = {}): string | undefined {
  const email = contactValue(profile, /\be ?mail\b/, /@/);
  const phone = contactValue(profile, /\b(phone|telephone|tel|hotline)\b/, /\d/);
  const hours = contactValue(profile, /\b(hours|availability|opening times)\b/);
  const website = contactValue(profile, /\b(website|site|url|contact page)\b/, /^https?:\/\//);
  const ways = [
    ...(email ? [`e-mail ${email}`] : []),
    ...(phone ? [`phone ${phone}${hours ? ` (${hours})` : ''}`] : []),
  ];
  if (ways.length === 0 && website) ways.push(`use the contact options on ${website}`);
  return ways.length > 0 ? ways.join(' or ') : undefined;
}

/**
 * The reply to "can I talk to a person?". With a handoff target, the promise that someone is
 * coming; without one, no promise, but how to reach the team from the company profile.
 */
export function handoffRequestedText(wording: HandoffWording): string {
  const company = wording.companyName ?? 'our';
  if (wording.peopleAvailable)
    return `Of course. I'm bringing in a member of the ${company} team now. They'll see our conversation, so you won't need to repeat anything.`;
  const contact = contactDetails(wording.profile);
  return contact
    ? `Of course. Nobody from the ${company} team can join this chat, but you can reach them directly: ${contact}.`
    : `Of course. Nobody from the ${company} team can join this chat, but you can reach them through the contact details on our website.`;
}

/** The honest "not sure": no guess, and only an offer of a person when one can come. */
export function refusalText(wording?: HandoffWording): string {
  const sorry =
    "I'm sorry, I couldn't find anything in our help centre that answers this, and I'd rather not guess.";
  if (!wording || wording.peopleAvailable)
    return `${sorry} Would you like me to connect you with a member of our team?`;
  const contact = contactDetails(wording.profile);
  return contact ? `${sorry} Our team can help: ${contact}.` : sorry;
}

/**
 * The honest "not sure" to a message about something else entirely ("what's on tv"): no claim
 * of having searched the help centre for it, what the assistant is for, and how to reach people.
 */
export function outOfScopeText(wording: HandoffWording): string {
  const company = wording.companyName ?? 'our';
  const scope = `I'm not able to help with that here: I can answer questions about ${company} products, your orders and your account.`;
  if (wording.peopleAvailable) return `${scope} If you'd like a person from our team, just ask.`;
  const contact = contactDetails(wording.profile);
  return contact ? `${scope} For anything else, our team can help: ${contact}.` : scope;
}

/** Splits text into small pieces so offline answers stream like generated ones. */
export function* streamPieces(text: string, wordsPerPiece = 3): Generator<string> {
  const parts = text.split(/(\s+)/);
  for (let i = 0; i < parts.length; i += wordsPerPiece * 2) {
    yield parts.slice(i, i + wordsPerPiece * 2).join('');
  }
}

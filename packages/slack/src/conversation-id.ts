/**
 * Where a Slack conversation lives. A thread is one conversation, so a follow-up in the thread
 * finds the earlier turns in the assistant's memory. A direct message outside any thread belongs
 * to the DM as a whole (`thread` is absent): people chat in a DM without opening threads.
 */
export interface SlackPlace {
  team: string;
  channel: string;
  /** The thread's root `ts`; absent for the top level of a DM. */
  thread?: string;
}

const DM_TOP_LEVEL = 'dm';

/** `slack:<team>:<channel>:<thread_ts>`, or `slack:<team>:<channel>:dm` for a DM's top level. */
export function conversationIdOf(place: SlackPlace): string {
  return `slack:${place.team}:${place.channel}:${place.thread ?? DM_TOP_LEVEL}`;
}

/** The inverse of {@link conversationIdOf}; `null` for ids that are not Slack's. */
export function placeOf(conversationId: string): SlackPlace | null {
  const match = /^slack:([^:]+):([^:]+):([^:]+)$/.exec(conversationId);
  if (!match) return null;
  const [, team = '', channel = '', thread = ''] = match;
  return thread === DM_TOP_LEVEL ? { team, channel } : { team, channel, thread };
}

import type { Activity, TurnContext } from 'botbuilder';
import type { BotFrameworkDeps, ConversationReferences, SentReplies } from './ports.ts';

/** Everything a turn needs, with defaults filled in. */
export interface TurnEnv
  extends Required<Omit<BotFrameworkDeps, 'log' | 'clock' | 'references' | 'replies'>> {
  log: (line: string) => void;
  references?: ConversationReferences;
  clock: () => number;
  recent: SentReplies;
  maxMessageChars: number;
  streamIntervalMs: number;
  informativeText: string;
}

/** Our conversation id: one per channel conversation, so follow-ups share the assistant's memory. */
export function conversationIdOf(activity: Activity): string {
  return `bf:${activity.channelId}:${activity.conversation.id}`;
}

/** The channel's stable user id (Entra object id in Teams, when present). */
export function userIdOf(activity: Activity): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
}

export function isTeams(activity: Activity): boolean {
  return activity.channelId === 'msteams';
}

/** Teams streams only in one-on-one (personal) chats. */
export function isTeamsPersonal(activity: Activity): boolean {
  return isTeams(activity) && activity.conversation.conversationType === 'personal';
}

/** Sends in the current turn and returns the id the channel assigned. */
export async function sendAndGetId(
  context: TurnContext,
  activity: Partial<Activity>,
): Promise<string | undefined> {
  return (await context.sendActivity(activity))?.id;
}

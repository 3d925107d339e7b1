import type { Logger } from '@slack/bolt';
import type { SlackChannelDeps } from './ports.ts';

/** What every listener of the channel shares. */
export interface ChannelContext {
  deps: SlackChannelDeps;
  logger: Logger;
  /** Slack user ids allowed to run `/switchboard resync`. */
  adminUserIds: readonly string[];
  /** How long the bot answers un-mentioned replies in a thread it answered in. */
  threadTtlSeconds: number;
  clock: () => number;
  /** The channel handoff tickets go to: replies in its threads are agents answering. */
  handoffChannel?: string;
  /**
   * Runs work after Slack has its acknowledgement (Slack wants one within 3 seconds; answers take
   * longer). The work is tracked, so `idle()` and shutdown can wait for it.
   */
  spawn(work: () => Promise<unknown>): void;
}

/** A message is answered once, whichever event brings it (mention, thread reply, a retry). */
export const CLAIM_TTL_SECONDS = 24 * 60 * 60;

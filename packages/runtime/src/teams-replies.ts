import type { Redis } from 'ioredis';

/** Which of our replies a Teams activity id stands for (structurally botframework's `SentReply`). */
export interface TeamsReply {
  conversationId: string;
  messageId: string;
}

export interface RedisTeamsRepliesOptions {
  /** The request-path connection (fails fast while Redis is down). */
  redis: Pick<Redis, 'get' | 'set'>;
  /** Key prefix, e.g. `switchboard:teams-reply:`. */
  prefix: string;
  /** Seconds a pair is kept: the conversation retention period. */
  ttlSeconds: number;
}

/** Longer ids are not Teams activity ids; they are neither kept nor looked up. */
const MAX_ACTIVITY_ID_CHARS = 256;

/**
 * The Teams reply map in Redis (structurally botframework's `SentReplies`): which of our replies
 * each Teams activity id is, so a 👍 counts for our message whichever server process the rating
 * reaches. Each pair expires with the conversation it belongs to.
 */
export class RedisTeamsReplies {
  readonly #o: RedisTeamsRepliesOptions;

  constructor(options: RedisTeamsRepliesOptions) {
    this.#o = options;
  }

  async remember(activityId: string, reply: TeamsReply): Promise<void> {
    if (!activityId || activityId.length > MAX_ACTIVITY_ID_CHARS) return;
    const value = JSON.stringify({
      conversationId: reply.conversationId,
      messageId: reply.messageId,
    });
    await this.#o.redis.set(`${this.#o.prefix}${activityId}`, value, 'EX', this.#o.ttlSeconds);
  }

  async find(activityId: string): Promise<TeamsReply | undefined> {
    if (!activityId || activityId.length > MAX_ACTIVITY_ID_CHARS) return undefined;
    const raw = await this.#o.redis.get(`${this.#o.prefix}${activityId}`);
    return raw === null ? undefined : parseTeamsReply(raw);
  }
}

/** A stored pair read back; anything else (a key written by something else) is ignored. */
function parseTeamsReply(raw: string): TeamsReply | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { conversationId, messageId } = value as Record<string, unknown>;
    return typeof conversationId === 'string' && typeof messageId === 'string'
      ? { conversationId, messageId }
      : undefined;
  } catch {
    return undefined;
  }
}

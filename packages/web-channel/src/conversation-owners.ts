import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Widget conversations live in their own namespace: `web:` plus a random id the server issues.
 * Ids of other channels (`slack:…`, `bf:…`, `api:…`) never match, so the web API cannot reach them.
 */
const WEB_CONVERSATION = /^web:[A-Za-z0-9_-]{16,64}$/;

export function isWebConversationId(value: unknown): value is string {
  return typeof value === 'string' && WEB_CONVERSATION.test(value);
}

/** The Redis commands the owner records need (an ioredis client fits). */
export interface OwnerRedis {
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<unknown>;
  get(key: string): Promise<string | null>;
  pexpire(key: string, milliseconds: number): Promise<number>;
  sadd(key: string, ...members: string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;
  srem(key: string, ...members: string[]): Promise<number>;
  del(...keys: string[]): Promise<number>;
}

export interface ConversationOwnersOptions {
  redis: OwnerRedis;
  /** Key prefix, e.g. `switchboard:conv-owner:`. */
  prefix: string;
  /** How long an owner record outlives the last use of its conversation (the retention period). */
  ttlSeconds: number;
}

/** Who owns a conversation, as an export shows it (never the grant digest). */
export interface ConversationOwner {
  /** The identified user it was created for; absent for an anonymous visitor. */
  userId?: string;
}

/**
 * A user's conversation list outlives its newest conversation's record by this much: a record is
 * renewed by every message (`touch`), the list only when a session is issued (at most a day apart).
 */
const USER_LIST_MARGIN_MS = 2 * 86_400_000;

/** Who may open a conversation: the holder of its grant, and (if set) the identified user. */
export interface OwnerProof {
  /** The grant the server handed out when it created the conversation. */
  grant?: string;
  /** The identified user of the session (verified identity token). */
  userId?: string;
}

/** What `create` hands the client: the id, and the grant that proves it owns it. */
export interface IssuedConversation {
  conversationId: string;
  /** A random secret; only its SHA-256 is stored. The widget keeps it to reopen the conversation. */
  grant: string;
}

interface OwnerRecord {
  /** SHA-256 of the grant, base64url. */
  grant: string;
  userId?: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who owns each widget conversation, in Redis. A conversation id is not a credential (it shows
 * up in logs, feedback and handoff tickets): opening a conversation takes its grant, a 256-bit
 * secret issued with it, or the identified user it was created for (so a signed-in customer can
 * reopen it on another device). Unknown, expired and foreign conversations look the same.
 */
export class ConversationOwners {
  readonly #o: ConversationOwnersOptions;

  constructor(options: ConversationOwnersOptions) {
    this.#o = options;
  }

  #key(conversationId: string): string {
    return `${this.#o.prefix}${conversationId}`;
  }

  /** `user:` never starts a conversation id (`web:…`); the id is hashed, so keys name nobody. */
  #userKey(userId: string): string {
    return `${this.#o.prefix}user:${digest(userId).toString('hex')}`;
  }

  async #listForUser(userId: string, conversationId: string): Promise<void> {
    const listKey = this.#userKey(userId);
    await this.#o.redis.sadd(listKey, conversationId);
    await this.#o.redis.pexpire(listKey, this.#o.ttlSeconds * 1000 + USER_LIST_MARGIN_MS);
  }

  /** A new conversation owned by the caller (and by `userId`, when the session is identified). */
  async create(userId?: string): Promise<IssuedConversation> {
    const conversationId = `web:${randomUUID().replaceAll('-', '')}`;
    const grant = randomBytes(32).toString('base64url');
    const record: OwnerRecord = {
      grant: digest(grant).toString('base64url'),
      ...(userId ? { userId } : {}),
    };
    // NX: a fresh random id never exists; if it did, refusing beats handing over someone's history.
    const set = await this.#o.redis.set(
      this.#key(conversationId),
      JSON.stringify(record),
      'PX',
      this.#o.ttlSeconds * 1000,
      'NX',
    );
    if (set !== 'OK') throw new Error('conversation id collision');
    if (userId) await this.#listForUser(userId, conversationId);
    return { conversationId, grant };
  }

  /**
   * The identified user's conversations that still exist (a data-subject export or deletion);
   * ids whose record expired or changed hands are dropped from the list on the way.
   */
  async conversationsOf(userId: string): Promise<string[]> {
    const listKey = this.#userKey(userId);
    const ids = await this.#o.redis.smembers(listKey);
    const owned: string[] = [];
    const stale: string[] = [];
    for (const id of ids.sort()) {
      const record = parseRecord(await this.#o.redis.get(this.#key(id)));
      (record?.userId === userId ? owned : stale).push(id);
    }
    if (stale.length) await this.#o.redis.srem(listKey, ...stale);
    return owned;
  }

  /** Who owns `conversationId`; null when it has no record (not a widget conversation, or expired). */
  async ownerOf(conversationId: string): Promise<ConversationOwner | null> {
    const record = parseRecord(await this.#o.redis.get(this.#key(conversationId)));
    if (!record) return null;
    return record.userId !== undefined ? { userId: record.userId } : {};
  }

  /** Deletes the owner records (and list entries) of conversations; answers how many existed. */
  async forget(conversationIds: Iterable<string>): Promise<number> {
    let removed = 0;
    for (const id of conversationIds) {
      const record = parseRecord(await this.#o.redis.get(this.#key(id)));
      if (record?.userId !== undefined) await this.#o.redis.srem(this.#userKey(record.userId), id);
      removed += await this.#o.redis.del(this.#key(id));
    }
    return removed;
  }

  /**
   * Whether `proof` opens `conversationId`: a `web:` id whose record exists and whose grant
   * matches (constant time) or whose identified owner is `proof.userId`. A hit renews the record.
   */
  async canOpen(conversationId: string, proof: OwnerProof): Promise<boolean> {
    if (!isWebConversationId(conversationId)) return false;
    const raw = await this.#o.redis.get(this.#key(conversationId));
    const record = parseRecord(raw);
    if (!record) return false;
    const byGrant =
      proof.grant !== undefined &&
      timingSafeEqual(digest(proof.grant), Buffer.from(record.grant, 'base64url'));
    const byUser = record.userId !== undefined && record.userId === proof.userId;
    if (!byGrant && !byUser) return false;
    await this.touch(conversationId);
    // Also lists conversations created before users had lists, and keeps the list alive.
    if (record.userId !== undefined) await this.#listForUser(record.userId, conversationId);
    return true;
  }

  /** Keeps the record as long as the conversation is in use. */
  async touch(conversationId: string): Promise<void> {
    await this.#o.redis.pexpire(this.#key(conversationId), this.#o.ttlSeconds * 1000);
  }
}

function parseRecord(raw: string | null): OwnerRecord | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<OwnerRecord> | null;
    if (typeof value?.grant !== 'string' || Buffer.from(value.grant, 'base64url').length !== 32)
      return undefined;
    return {
      grant: value.grant,
      ...(typeof value.userId === 'string' ? { userId: value.userId } : {}),
    };
  } catch {
    return undefined; // A record we cannot read opens nothing.
  }
}

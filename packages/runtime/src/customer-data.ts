import type {
  ConversationRecord,
  CustomerKeyedLog,
  CustomerMatch,
  TurnRating,
} from '@switchboard/assistant';
import {
  type Feedback,
  SwitchboardError,
  type Turn,
  type UnansweredQuestion,
} from '@switchboard/core';
import type { ConversationOwner } from '@switchboard/web-channel';

/** Whose data a request is about: one conversation, or every conversation of an identified widget user. */
export type CustomerSubject = { conversationId: string } | { userId: string };

/** One conversation as exported. */
export interface ExportedConversation {
  conversationId: string;
  /** The widget owner record (`{}` for an anonymous visitor); null outside the widget, or expired. */
  owner: ConversationOwner | null;
  /** When the transcript expires unless the conversation continues (ISO 8601); null when none is kept. */
  expiresAt: string | null;
  /** The whole transcript kept (not only the turns the assistant remembers). */
  turns: Turn[];
  /** The conversation index's entry (channel, activity, outcome events, ratings, search words). */
  index: ExportedIndexEntry | null;
}

/** A conversation's index entry as exported (ratings listed by the message they rate). */
export type ExportedIndexEntry = Omit<ConversationRecord, 'id' | 'ratings'> & {
  ratings: Array<{ messageId: string } & TurnRating>;
};

/** Everything Switchboard holds about one customer (`GET /admin/api/customers/export`). */
export interface CustomerExport {
  subject: CustomerSubject;
  exportedAt: string;
  /** How long conversations and their data are kept after the last message (SWITCHBOARD_RETENTION_DAYS). */
  retentionDays: number;
  conversations: ExportedConversation[];
  feedback: Feedback[];
  docsGaps: UnansweredQuestion[];
  /** Other data keyed by the customer's conversations (e.g. harvested examples), by kind. */
  other: Record<string, unknown[]>;
}

/** What a deletion removed, per kind (`DELETE /admin/api/customers`). */
export interface CustomerDeletion {
  subject: CustomerSubject;
  deletedAt: string;
  /** The conversation ids the request covered. */
  conversationIds: string[];
  deleted: {
    /** Transcripts (conversation memory). */
    conversations: number;
    /** Conversation index entries (list, search and outcomes). */
    conversationIndex: number;
    /** Widget owner records (grant digest and user id). */
    ownerRecords: number;
    feedback: number;
    docsGaps: number;
  } & Record<string, number>;
}

/** The stores a customer's data lives in; each already knows its own key layout. */
export interface CustomerDataOptions {
  conversations: {
    transcript(conversationId: string): Promise<Turn[]>;
    expiresAt(conversationId: string): Promise<number | null>;
    remove(conversationIds: Iterable<string>): Promise<number>;
  };
  /** The conversation index (its entries are the customer's data too). */
  index: {
    get(conversationId: string): Promise<ConversationRecord | null>;
    remove(conversationIds: Iterable<string>): Promise<number>;
  };
  owners: {
    conversationsOf(userId: string): Promise<string[]>;
    ownerOf(conversationId: string): Promise<ConversationOwner | null>;
    forget(conversationIds: Iterable<string>): Promise<number>;
  };
  feedback: CustomerKeyedLog<Feedback>;
  gaps: CustomerKeyedLog<UnansweredQuestion>;
  /**
   * Further per-customer data by kind (names must not clash with the built-in counts); exported
   * under `other` and counted under `deleted`.
   */
  other?: ReadonlyMap<string, CustomerKeyedLog<unknown>>;
  retentionDays: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

const MAX_ID_LENGTH = 256;
// Widget, API, Slack and Teams ids are printable ASCII without spaces.
const CONVERSATION_ID = /^[\x21-\x7e]+$/;
// Identity-token user ids are any text up to 256 characters; control characters never are.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads the subject of an export or deletion from `{conversationId?, userId?}` (query string or
 * CLI flags): exactly one of them, non-empty, at most 256 characters, no control characters.
 * @throws SwitchboardError BAD_REQUEST naming the field and the reason.
 */
export function parseCustomerSubject(input: {
  conversationId?: unknown;
  userId?: unknown;
}): CustomerSubject {
  const { conversationId, userId } = input;
  if (conversationId !== undefined && userId !== undefined)
    throw badSubject('subject', 'give either conversationId or userId, not both');
  if (conversationId === undefined && userId === undefined)
    throw badSubject('subject', 'give conversationId or userId');
  const field = conversationId !== undefined ? 'conversationId' : 'userId';
  const value = conversationId ?? userId;
  if (typeof value !== 'string' || value.length === 0)
    throw badSubject(field, 'must be a non-empty string');
  if (value.length > MAX_ID_LENGTH)
    throw badSubject(field, `must be at most ${MAX_ID_LENGTH} characters`);
  if (field === 'conversationId' && !CONVERSATION_ID.test(value))
    throw badSubject(field, 'must be printable ASCII without spaces');
  if (CONTROL.test(value)) throw badSubject(field, 'must not contain control characters');
  return field === 'conversationId' ? { conversationId: value } : { userId: value };
}

function exportedEntry(record: ConversationRecord): ExportedIndexEntry {
  const { id: _id, ratings, ...rest } = record;
  return {
    ...rest,
    ratings: [...ratings].map(([messageId, rating]) => ({ messageId, ...rating })),
  };
}

function badSubject(field: string, reason: string): SwitchboardError {
  return new SwitchboardError('BAD_REQUEST', `${field}: ${reason}`, { details: { field } });
}

/**
 * Export and deletion of one customer's data (a data-subject request), by conversation id or by
 * identified widget user: the transcripts, the widget owner records, their feedback and docs-gap
 * entries, and whatever else is registered per conversation.
 */
export class CustomerData {
  readonly #o: CustomerDataOptions;

  constructor(options: CustomerDataOptions) {
    this.#o = options;
  }

  /**
   * The customer as the stores match it. A user's conversations are those their owner records
   * list, plus those their feedback names (a record can expire before its feedback does).
   */
  async #match(subject: CustomerSubject): Promise<CustomerMatch> {
    if ('conversationId' in subject) return { conversationIds: new Set([subject.conversationId]) };
    const webUserId = subject.userId;
    const ids = new Set(await this.#o.owners.conversationsOf(webUserId));
    const byUser = await this.#o.feedback.entriesOf({ conversationIds: new Set(), webUserId });
    for (const f of byUser) ids.add(f.conversationId);
    return { conversationIds: ids, webUserId };
  }

  /** Everything held about the subject; null when nothing is. */
  async export(subject: CustomerSubject): Promise<CustomerExport | null> {
    const match = await this.#match(subject);
    const conversations: ExportedConversation[] = [];
    for (const conversationId of [...match.conversationIds].sort()) {
      const [turns, owner, expiresAt, record] = await Promise.all([
        this.#o.conversations.transcript(conversationId),
        this.#o.owners.ownerOf(conversationId),
        this.#o.conversations.expiresAt(conversationId),
        this.#o.index.get(conversationId),
      ]);
      if (turns.length === 0 && owner === null && record === null) continue;
      conversations.push({
        conversationId,
        owner,
        expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
        turns,
        index: record && exportedEntry(record),
      });
    }
    const [feedback, docsGaps] = await Promise.all([
      this.#o.feedback.entriesOf(match),
      this.#o.gaps.entriesOf(match),
    ]);
    const other: Record<string, unknown[]> = {};
    for (const [kind, log] of this.#o.other ?? new Map()) other[kind] = await log.entriesOf(match);
    const held =
      conversations.length + feedback.length + docsGaps.length + Object.values(other).flat().length;
    if (held === 0) return null;
    return {
      subject,
      exportedAt: new Date(this.#now()).toISOString(),
      retentionDays: this.#o.retentionDays,
      conversations,
      feedback,
      docsGaps,
      other,
    };
  }

  /** Deletes everything held about the subject; answers the counts (all 0 when nothing was held). */
  async delete(subject: CustomerSubject): Promise<CustomerDeletion> {
    const match = await this.#match(subject);
    const ids = [...match.conversationIds].sort();
    const conversations = await this.#o.conversations.remove(ids);
    const conversationIndex = await this.#o.index.remove(ids);
    const ownerRecords = await this.#o.owners.forget(ids);
    const feedback = await this.#o.feedback.removeEntriesOf(match);
    const docsGaps = await this.#o.gaps.removeEntriesOf(match);
    const deleted: CustomerDeletion['deleted'] = {
      conversations,
      conversationIndex,
      ownerRecords,
      feedback,
      docsGaps,
    };
    for (const [kind, log] of this.#o.other ?? new Map())
      deleted[kind] = await log.removeEntriesOf(match);
    return {
      subject,
      deletedAt: new Date(this.#now()).toISOString(),
      conversationIds: ids,
      deleted,
    };
  }

  #now(): number {
    return (this.#o.clock ?? Date.now)();
  }
}

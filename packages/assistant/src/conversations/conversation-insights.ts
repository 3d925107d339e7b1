import type { ChannelName, DocsGapLog, HandoffState, RouteName, Turn } from '@switchboard/core';
import type { RedisConversationIndex } from './conversation-index.ts';
import type { ConversationRecord, TurnRating } from './conversation-record.ts';
import { digestMatches, digestWords } from './digest.ts';
import { clusterGaps, type GapCluster } from './gap-clusters.ts';
import { type ActivityCursor, encodeCursor } from './index-codec.ts';
import {
  conversationOutcome,
  type Issue,
  type IssueHandoffReason,
  type IssueOutcome,
  issuesOf,
  type ResolutionPolicy,
} from './issues.ts';
import { type OutcomeBreakdown, outcomeBreakdown } from './outcomes.ts';

/** Which ratings a listed conversation must have. */
export type RatingFilter = 'up' | 'down' | 'rated' | 'unrated';

/** The list's filters (already validated); every one given must hold. */
export interface ConversationQuery {
  /** Words that must all start words of what the customer (or a person) said or the cited titles; or a conversation id. */
  q?: string;
  channel?: ChannelName;
  /** Conversations where the assistant answered on this route at least once. */
  route?: RouteName;
  outcome?: IssueOutcome;
  rating?: RatingFilter;
  /** Active at or after (epoch ms). */
  from?: number;
  /** Active before (epoch ms). */
  to?: number;
  cursor?: ActivityCursor;
  limit: number;
}

/** One row of the conversation list. */
export interface ConversationSummary {
  id: string;
  channel: ChannelName | null;
  userId?: string;
  firstAt: number;
  lastAt: number;
  preview: string;
  /** Messages (customer, assistant, people). */
  messages: number;
  /** Routes the assistant answered on, in order of first use. */
  routes: RouteName[];
  outcome: IssueOutcome;
  issues: number;
  /** The first handoff's reason, when it was handed off. */
  handoffReason?: IssueHandoffReason;
  ratings: { up: number; down: number };
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  /** Pass as `cursor` for the next page; null when there is none. */
  nextCursor: string | null;
  /** Conversations looked at for this page (the scan stops at `maxScan`, then `nextCursor` continues). */
  scanned: number;
}

/** A turn of the transcript with the rating it got. */
export type TranscriptTurn = Turn & { feedback?: TurnRating };

export interface ConversationDetail {
  conversation: ConversationSummary;
  /** The conversation split into issues, each with its outcome. */
  issues: Issue[];
  /** The whole transcript kept for the retention period, oldest first. */
  turns: TranscriptTurn[];
  /** The conversation's handoff state (bot, waiting for a person, with a person), when known. */
  handoff: HandoffState | null;
}

export interface OutcomeQuery {
  from: number;
  to: number;
  channel?: ChannelName;
}

export interface OutcomeReport extends OutcomeBreakdown {
  from: string;
  to: string;
  channel: ChannelName | null;
  /** The resolution window, in hours. */
  windowHours: number;
  generatedAt: string;
  docsGaps: GapCluster[];
  /** Conversations read; `truncated` when `maxOutcomeConversations` stopped the read. */
  scanned: { conversations: number; truncated: boolean };
}

export interface ConversationInsightsOptions {
  index: RedisConversationIndex;
  /** The full transcripts (the conversation store). */
  transcripts: { transcript(conversationId: string): Promise<Turn[]> };
  gaps: DocsGapLog;
  /** SWITCHBOARD_RESOLUTION_WINDOW_HOURS in ms. */
  resolutionWindowMs: number;
  /** The handoff state of a conversation, when the handoff loop keeps one. @defaultValue none */
  handoffState?: (conversationId: string) => Promise<HandoffState | null>;
  /** Conversations a list page looks at, at most, before answering with a cursor. @defaultValue 2000 */
  maxScan?: number;
  /** Conversations read for one outcomes report, at most. @defaultValue 100000 */
  maxOutcomeConversations?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

const BATCH = 200;

function summaryOf(record: ConversationRecord, issues: Issue[]): ConversationSummary {
  const routes: RouteName[] = [];
  let messages = 0;
  for (const event of record.events) {
    if (event.kind !== 'ticket') messages++;
    if (event.kind === 'assistant' && event.route && !routes.includes(event.route))
      routes.push(event.route);
  }
  let up = 0;
  let down = 0;
  for (const { rating } of record.ratings.values()) rating === 'up' ? up++ : down++;
  const handoffReason = issues.find((issue) => issue.handoffReason)?.handoffReason;
  return {
    id: record.id,
    channel: record.channel,
    ...(record.userId ? { userId: record.userId } : {}),
    firstAt: record.firstAt,
    lastAt: record.lastAt,
    preview: record.preview,
    messages,
    routes,
    outcome: conversationOutcome(issues),
    issues: issues.length,
    ...(handoffReason ? { handoffReason } : {}),
    ratings: { up, down },
  };
}

function ratingMatches(filter: RatingFilter, ratings: ConversationSummary['ratings']): boolean {
  switch (filter) {
    case 'up':
      return ratings.up > 0;
    case 'down':
      return ratings.down > 0;
    case 'rated':
      return ratings.up + ratings.down > 0;
    case 'unrated':
      return ratings.up + ratings.down === 0;
  }
}

/**
 * What the support team sees: the conversation list (search and filters, newest activity
 * first), one conversation's transcript with routes, confidence, citations, feedback and handoff
 * state, and the outcome figures over a period.
 */
export class ConversationInsights {
  readonly #o: ConversationInsightsOptions;

  constructor(options: ConversationInsightsOptions) {
    this.#o = options;
  }

  /** The same views, with transcripts showing the handoff state `lookup` answers (the handoff loop's). */
  withHandoffState(
    lookup: (conversationId: string) => Promise<HandoffState | null>,
  ): ConversationInsights {
    return new ConversationInsights({ ...this.#o, handoffState: lookup });
  }

  get #policy(): ResolutionPolicy {
    return { windowMs: this.#o.resolutionWindowMs, now: (this.#o.clock ?? Date.now)() };
  }

  /** The resolution window, in hours. */
  get windowHours(): number {
    return this.#o.resolutionWindowMs / 3_600_000;
  }

  async list(query: ConversationQuery): Promise<ConversationPage> {
    const policy = this.#policy;
    const words = query.q ? digestWords(query.q) : [];
    const matches = (record: ConversationRecord, summary: ConversationSummary): boolean =>
      (!query.q ||
        record.id === query.q.trim() ||
        (words.length > 0 && digestMatches(record.digest, words))) &&
      (query.to === undefined || record.firstAt < query.to) &&
      (!query.route || summary.routes.includes(query.route)) &&
      (!query.outcome || summary.outcome === query.outcome) &&
      (!query.rating || ratingMatches(query.rating, summary.ratings));
    const found: ConversationSummary[] = [];
    let cursor = query.cursor;
    let scanned = 0;
    let exhausted = false;
    const maxScan = this.#o.maxScan ?? 2000;
    scan: while (found.length < query.limit && scanned < maxScan) {
      const batch = await this.#o.index.newestFirst({
        ...(query.channel ? { channel: query.channel } : {}),
        ...(cursor ? { cursor } : {}),
        ...(query.from !== undefined ? { minLastAt: query.from } : {}),
        count: Math.min(BATCH, maxScan - scanned),
      });
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      const records = await this.#o.index.records(batch.map((b) => b.id));
      const expired: string[] = [];
      for (const [i, position] of batch.entries()) {
        scanned++;
        cursor = position;
        const record = records[i];
        if (!record) {
          expired.push(position.id);
          continue;
        }
        const summary = summaryOf(record, issuesOf(record, policy));
        if (matches(record, summary)) found.push(summary);
        if (found.length === query.limit) break scan;
      }
      await this.#o.index.forgetExpired(expired);
    }
    return {
      conversations: found,
      nextCursor: exhausted || !cursor ? null : encodeCursor(cursor),
      scanned,
    };
  }

  /** One conversation with its whole transcript; null when none is kept. */
  async conversation(id: string): Promise<ConversationDetail | null> {
    const [record, turns, handoff] = await Promise.all([
      this.#o.index.get(id),
      this.#o.transcripts.transcript(id),
      this.#o.handoffState ? this.#o.handoffState(id) : Promise.resolve(null),
    ]);
    if (!record && turns.length === 0) return null;
    const known: ConversationRecord = record ?? {
      id,
      channel: null,
      firstAt: turns[0]?.at ?? 0,
      lastAt: turns.at(-1)?.at ?? 0,
      preview: turns.find((t) => t.role === 'user')?.text ?? '',
      digest: '',
      events: [],
      ratings: new Map(),
    };
    const issues = issuesOf(known, this.#policy);
    return {
      conversation: summaryOf(known, issues),
      issues,
      turns: turns.map((turn) => {
        const feedback = turn.id ? known.ratings.get(turn.id) : undefined;
        return feedback ? { ...turn, feedback } : turn;
      }),
      handoff: handoff ?? null,
    };
  }

  async outcomes(query: OutcomeQuery): Promise<OutcomeReport> {
    const policy = this.#policy;
    const limit = this.#o.maxOutcomeConversations ?? 100_000;
    const records: ConversationRecord[] = [];
    let cursor: ActivityCursor | undefined;
    let truncated = false;
    for (;;) {
      const batch = await this.#o.index.newestFirst({
        ...(query.channel ? { channel: query.channel } : {}),
        ...(cursor ? { cursor } : {}),
        // An issue that started in the period has activity at or after its start.
        minLastAt: query.from,
        count: BATCH,
      });
      if (batch.length === 0) break;
      cursor = batch.at(-1);
      for (const record of await this.#o.index.records(batch.map((b) => b.id)))
        if (record && record.firstAt < query.to) records.push(record);
      if (records.length >= limit) {
        truncated = true;
        break;
      }
    }
    const gaps = (await this.#o.gaps.recent(10_000)).filter(
      (gap) =>
        gap.at >= query.from &&
        gap.at < query.to &&
        (!query.channel || gap.channel === query.channel),
    );
    return {
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      channel: query.channel ?? null,
      windowHours: this.windowHours,
      generatedAt: new Date(policy.now).toISOString(),
      ...outcomeBreakdown(records, query, policy),
      docsGaps: clusterGaps(gaps),
      scanned: { conversations: records.length, truncated },
    };
  }
}

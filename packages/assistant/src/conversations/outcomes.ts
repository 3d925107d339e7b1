import type { ChannelName, RouteName } from '@switchboard/core';
import type { ConversationRecord } from './conversation-record.ts';
import { ROUTES } from './index-codec.ts';
import {
  ISSUE_OUTCOMES,
  type Issue,
  type IssueAnswer,
  type IssueHandoffReason,
  type IssueOutcome,
  issuesOf,
  type ResolutionPolicy,
} from './issues.ts';

/** The figures of one slice (all, a route, a channel, a route on a channel). */
export interface OutcomeFigures {
  /** Conversations with an issue in the slice. */
  conversations: number;
  /** Issues that started in the period. */
  issues: number;
  /** The assistant's answers in those issues (per route: the answers given on that route). */
  answers: number;
  outcomes: Record<IssueOutcome, number>;
  /** Issues whose outcome is known: resolved + handed off + 👎 (pending and small talk are not). */
  decided: number;
  /** resolved / decided; null when nothing is decided. Rates are rounded to 3 decimals. */
  resolutionRate: number | null;
  /** handed off / decided. */
  handoffRate: number | null;
  /** Handed-off issues by the reason of their first handoff; `rate` is of decided issues. */
  handoffsByReason: Array<{ reason: IssueHandoffReason; issues: number; rate: number }>;
  /** Rated answers: 👍 and 👎. */
  ratings: { up: number; down: number };
  /** CSAT: 👍 / rated answers; null when none was rated. */
  csat: number | null;
}

/** Volume and resolution of the issues that started in one bucket of the period. */
export interface OutcomePoint {
  /** Start of the bucket (ISO 8601, UTC). */
  start: string;
  issues: number;
  conversations: number;
  resolved: number;
  decided: number;
  resolutionRate: number | null;
}

export interface OutcomeBreakdown {
  totals: OutcomeFigures;
  byRoute: Array<{ route: RouteName } & OutcomeFigures>;
  byChannel: Array<{ channel: ChannelName | 'unknown' } & OutcomeFigures>;
  byRouteAndChannel: Array<{ route: RouteName; channel: ChannelName | 'unknown' } & OutcomeFigures>;
  bucket: 'day' | 'week';
  series: OutcomePoint[];
}

const DAY_MS = 86_400_000;

/** 3 decimals: the page shows rates as percentages with one decimal, the same digits. */
export const rate = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

class Tally {
  readonly conversations = new Set<string>();
  issues = 0;
  answers = 0;
  readonly outcomes = new Map<IssueOutcome, number>();
  readonly reasons = new Map<IssueHandoffReason, number>();
  up = 0;
  down = 0;

  addIssue(conversationId: string, issue: Issue): void {
    this.conversations.add(conversationId);
    this.issues++;
    this.outcomes.set(issue.outcome, (this.outcomes.get(issue.outcome) ?? 0) + 1);
    if (issue.outcome === 'handed_off' && issue.handoffReason)
      this.reasons.set(issue.handoffReason, (this.reasons.get(issue.handoffReason) ?? 0) + 1);
  }

  addAnswer(answer: IssueAnswer): void {
    this.answers++;
    if (answer.rating === 'up') this.up++;
    if (answer.rating === 'down') this.down++;
  }

  figures(): OutcomeFigures {
    const count = (outcome: IssueOutcome) => this.outcomes.get(outcome) ?? 0;
    const decided = count('resolved') + count('handed_off') + count('negative');
    return {
      conversations: this.conversations.size,
      issues: this.issues,
      answers: this.answers,
      outcomes: Object.fromEntries(ISSUE_OUTCOMES.map((o) => [o, count(o)])) as Record<
        IssueOutcome,
        number
      >,
      decided,
      resolutionRate: rate(count('resolved'), decided),
      handoffRate: rate(count('handed_off'), decided),
      handoffsByReason: [...this.reasons]
        .map(([reason, issues]) => ({ reason, issues, rate: rate(issues, decided) ?? 0 }))
        .sort((a, b) => b.issues - a.issues || a.reason.localeCompare(b.reason)),
      ratings: { up: this.up, down: this.down },
      csat: rate(this.up, this.up + this.down),
    };
  }
}

/** A Map of tallies, created on first use (keys are closed sets, but read from storage). */
class Tallies<K> {
  readonly #map = new Map<K, Tally>();
  of(key: K): Tally {
    const known = this.#map.get(key);
    if (known) return known;
    const tally = new Tally();
    this.#map.set(key, tally);
    return tally;
  }
  entries(): Array<[K, Tally]> {
    return [...this.#map];
  }
}

/** Buckets of the period: days (UTC) up to 92 days, weeks (from `from`) beyond. */
function bucketsOf(from: number, to: number): { bucket: 'day' | 'week'; starts: number[] } {
  const bucket = to - from > 92 * DAY_MS ? 'week' : 'day';
  const size = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const first = bucket === 'day' ? Math.floor(from / DAY_MS) * DAY_MS : from;
  const starts: number[] = [];
  for (let start = first; start < to; start += size) starts.push(start);
  return { bucket, starts };
}

/**
 * The outcome figures of the issues that started in [from, to) in `records`: in total, per route
 * (the route that took the issue; its answers for CSAT), per channel, per route and channel,
 * and over time.
 */
export function outcomeBreakdown(
  records: Iterable<ConversationRecord>,
  period: { from: number; to: number },
  policy: ResolutionPolicy,
): OutcomeBreakdown {
  const totals = new Tally();
  const byRoute = new Tallies<RouteName>();
  const byChannel = new Tallies<ChannelName | 'unknown'>();
  const byBoth = new Tallies<string>();
  const { bucket, starts } = bucketsOf(period.from, period.to);
  const points = starts.map(() => new Tally());
  const size = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const both = (route: RouteName, channel: string) => byBoth.of(`${route}\u0000${channel}`);
  for (const record of records) {
    const channel = record.channel ?? 'unknown';
    for (const issue of issuesOf(record, policy)) {
      if (issue.startAt < period.from || issue.startAt >= period.to) continue;
      for (const tally of [totals, byRoute.of(issue.route), byChannel.of(channel)])
        tally.addIssue(record.id, issue);
      both(issue.route, channel).addIssue(record.id, issue);
      const slot = Math.floor((issue.startAt - (starts[0] ?? period.from)) / size);
      points[slot]?.addIssue(record.id, issue);
      for (const answer of issue.answers) {
        for (const tally of [totals, byRoute.of(answer.route), byChannel.of(channel)])
          tally.addAnswer(answer);
        both(answer.route, channel).addAnswer(answer);
      }
    }
  }
  const channels = byChannel.entries().sort(([a], [b]) => a.localeCompare(b));
  return {
    totals: totals.figures(),
    byRoute: ROUTES.map((route) => ({ route, ...byRoute.of(route).figures() })),
    byChannel: channels.map(([channel, tally]) => ({ channel, ...tally.figures() })),
    byRouteAndChannel: ROUTES.flatMap((route) =>
      channels.map(([channel]) => ({ route, channel, ...both(route, channel).figures() })),
    ).filter((row) => row.issues > 0 || row.answers > 0),
    bucket,
    series: starts.map((start, i) => {
      const figures = (points[i] ?? new Tally()).figures();
      return {
        start: new Date(start).toISOString(),
        issues: figures.issues,
        conversations: figures.conversations,
        resolved: figures.outcomes.resolved,
        decided: figures.decided,
        resolutionRate: figures.resolutionRate,
      };
    }),
  };
}

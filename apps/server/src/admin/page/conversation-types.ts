/**
 * What `/admin/api/conversations` and `/admin/api/outcomes` answer, as the page reads them
 * (copied from the assistant package's types: the page is a browser bundle of its own).
 */

export type Outcome = 'resolved' | 'handed_off' | 'negative' | 'pending' | 'small_talk';

export interface ConversationSummary {
  id: string;
  channel: string | null;
  userId?: string;
  firstAt: number;
  lastAt: number;
  preview: string;
  messages: number;
  routes: string[];
  outcome: Outcome;
  issues: number;
  handoffReason?: string;
  ratings: { up: number; down: number };
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  scanned: number;
}

export interface Citation {
  index: number;
  docId: string;
  title: string;
  sectionPath: string[];
  url?: string;
  snippet: string;
}

export interface TranscriptTurn {
  /** `user`, `assistant`, `agent`, or any role a later version adds. */
  role: string;
  text: string;
  at: number;
  route?: string;
  confidence?: number;
  handoffReason?: string;
  id?: string;
  citations?: Citation[];
  /** For an agent's turn: who wrote it and where. */
  agent?: { id?: string; name?: string; via?: string };
  feedback?: { rating: 'up' | 'down'; reason?: string; at: number };
}

export interface Issue {
  startAt: number;
  lastAt: number;
  route: string;
  outcome: Outcome;
  handoffReason?: string;
}

export interface HandoffState {
  mode: string;
  reason?: string;
  target?: string;
  since: number;
  agent?: { name?: string; via?: string };
  history: Array<{ mode: string; at: number; by: string }>;
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  issues: Issue[];
  turns: TranscriptTurn[];
  handoff: HandoffState | null;
}

export interface OutcomeFigures {
  conversations: number;
  issues: number;
  answers: number;
  outcomes: Record<Outcome, number>;
  decided: number;
  resolutionRate: number | null;
  handoffRate: number | null;
  handoffsByReason: Array<{ reason: string; issues: number; rate: number }>;
  ratings: { up: number; down: number };
  csat: number | null;
}

export interface OutcomePoint {
  start: string;
  issues: number;
  conversations: number;
  resolved: number;
  decided: number;
  resolutionRate: number | null;
}

export interface GapCluster {
  question: string;
  count: number;
  variants: string[];
  channels: Array<{ channel: string; count: number }>;
  lastAt: number;
}

export interface OutcomeReport {
  from: string;
  to: string;
  channel: string | null;
  windowHours: number;
  bucket: 'day' | 'week';
  totals: OutcomeFigures;
  byRoute: Array<{ route: string } & OutcomeFigures>;
  byChannel: Array<{ channel: string } & OutcomeFigures>;
  byRouteAndChannel: Array<{ route: string; channel: string } & OutcomeFigures>;
  series: OutcomePoint[];
  docsGaps: GapCluster[];
  scanned: { conversations: number; truncated: boolean };
}

/** What each outcome is called on the page, in the order the page lists them. */
export const OUTCOME_LABELS: ReadonlyMap<Outcome, string> = new Map([
  ['resolved', 'Resolved by the assistant'],
  ['handed_off', 'Handed off'],
  ['negative', 'Rated not helpful'],
  ['pending', 'Pending (window open)'],
  ['small_talk', 'Small talk only'],
]);

/** An outcome's label (a Map: the value comes from the server). */
export const outcomeLabel = (outcome: string): string =>
  OUTCOME_LABELS.get(outcome as Outcome) ?? outcome;

const REASON_LABELS = new Map([
  ['customer_asked', 'Customer asked for a person'],
  ['low_confidence', 'Not sure of an answer'],
  ['no_docs', 'No docs answer it'],
  ['out_of_scope', 'Out of scope'],
  ['negative_feedback', 'After a 👎'],
  ['agent_replied', 'A person replied'],
]);

/** A handoff reason's label (a Map: the value comes from the server). */
export const reasonLabel = (reason: string): string => REASON_LABELS.get(reason) ?? reason;

/** A rate (0..1, 3 decimals from the API) as the page shows it: one decimal of a percent. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

import type { Turn } from '@switchboard/core';
import type { RedisConversationIndex } from './conversation-index.ts';
import type { ConversationRecord } from './conversation-record.ts';
import { issuesOf } from './issues.ts';

export interface MostAskedOptions {
  index: Pick<RedisConversationIndex, 'newestFirst' | 'records'>;
  /** A conversation's first turns (the conversation store's `opening`). */
  openings: { opening(conversationId: string, count?: number): Promise<Turn[]> };
  /** True for text holding personal data (the PII scrubber's findings): such text is never shown. */
  isPersonal: (text: string) => boolean;
  /** How far back conversations count, in ms: the retention period. */
  windowMs: number;
  /** SWITCHBOARD_RESOLUTION_WINDOW_HOURS in ms: which messages belong to the first question's issue. */
  resolutionWindowMs: number;
  /** Distinct conversations (distinct customers, where they are identified) a question needs. @defaultValue 3 */
  minConversations?: number;
  /** @defaultValue 3 */
  limit?: number;
  /** Longest question shown, in characters. @defaultValue 120 */
  maxChars?: number;
  /** Conversations read at most, newest first. @defaultValue 20000 */
  maxScan?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

const BATCH = 200;
/** A scheme (`https://`), `www.`, or a host-like `name.tld`. */
const URL_LIKE = /[a-z][a-z\d+.-]*:\/\/|\bwww\.|[\p{L}\p{N}-]\.\p{L}{2,}\b/iu;

/** The grouping key of a question: case, punctuation and spacing do not count. */
export function normaliseAsked(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether a customer's words may be shown to other customers: short, and without digits (order
 * numbers, phone numbers, amounts, dates), e-mail addresses, links, or anything `isPersonal` flags.
 */
export function isShareableQuestion(
  text: string,
  isPersonal: (text: string) => boolean,
  maxChars = 120,
): boolean {
  return (
    text.length > 0 &&
    text.length <= maxChars &&
    !/\p{N}/u.test(text) &&
    !text.includes('@') &&
    !URL_LIKE.test(text) &&
    normaliseAsked(text) !== '' &&
    !isPersonal(text)
  );
}

interface Asked {
  conversationId: string;
  /** The customer when identified, else the conversation: each counts once. */
  asker: string;
  text: string;
  at: number;
  route: 'brand' | 'knowledge';
}

/**
 * The first message's answer when the assistant answered it from the brand voice or the docs,
 * nobody was brought in on that issue and no answer of it was rated 👎; else null.
 */
function answeredOpening(record: ConversationRecord, resolutionWindowMs: number, now: number) {
  const events = [...record.events].sort((a, b) => a.at - b.at);
  const asked = events.findIndex((e) => e.kind === 'user');
  if (asked < 0) return null;
  const reply = events.slice(asked + 1).find((e) => e.kind !== 'user');
  if (reply?.kind !== 'assistant' || !reply.id || reply.reason) return null;
  if (reply.route !== 'brand' && reply.route !== 'knowledge') return null;
  const issue = issuesOf(record, { windowMs: resolutionWindowMs, now })[0];
  if (!issue || issue.handoffReason || issue.answers.some((a) => a.rating === 'down')) return null;
  return { route: reply.route, at: events[asked]!.at };
}

/** A knowledge answer counts only with its citations (the transcript's first answer has them). */
async function citedOpening(o: MostAskedOptions, asked: Asked): Promise<boolean> {
  if (asked.route === 'brand') return true;
  const [question, answer] = await o.openings.opening(asked.conversationId, 2);
  return (
    question?.role === 'user' &&
    question.text.trim() === asked.text &&
    answer?.role === 'assistant' &&
    (answer.citations?.length ?? 0) > 0
  );
}

/** The wording shown for a question: the one most customers used (the newest among equals). */
function shownText(members: readonly Asked[]): string {
  const counts = new Map<string, { n: number; at: number }>();
  for (const m of members) {
    const seen = counts.get(m.text) ?? { n: 0, at: 0 };
    counts.set(m.text, { n: seen.n + 1, at: Math.max(seen.at, m.at) });
  }
  return [...counts].sort(([, a], [, b]) => b.n - a.n || b.at - a.at)[0]![0];
}

/**
 * The questions customers ask most, from the conversation index: each conversation's first
 * message (normalised), counted when the assistant answered it (brand, or knowledge with
 * citations), nobody was brought in and no answer was rated 👎, in at least `minConversations`
 * distinct conversations within the window. Questions with digits, e-mail addresses, links or
 * anything `isPersonal` flags are never counted, so no customer's details can be shown to others.
 */
export async function mostAskedQuestions(o: MostAskedOptions): Promise<string[]> {
  const now = (o.clock ?? Date.now)();
  const min = o.minConversations ?? 3;
  const maxScan = o.maxScan ?? 20_000;
  const groups = new Map<string, Asked[]>();
  let scanned = 0;
  let cursor: { at: number; id: string } | undefined;
  while (scanned < maxScan) {
    const batch = await o.index.newestFirst({
      minLastAt: now - o.windowMs,
      count: Math.min(BATCH, maxScan - scanned),
      ...(cursor ? { cursor } : {}),
    });
    if (batch.length === 0) break;
    scanned += batch.length;
    cursor = batch.at(-1);
    for (const record of await o.index.records(batch.map((b) => b.id))) {
      // The preview is the first message, cut at 160 characters: longer ones are not shown.
      const text = record?.preview.trim() ?? '';
      if (!record || !isShareableQuestion(text, o.isPersonal, o.maxChars)) continue;
      const answered = answeredOpening(record, o.resolutionWindowMs, now);
      if (!answered) continue;
      const key = normaliseAsked(text);
      const members = groups.get(key) ?? [];
      members.push({
        conversationId: record.id,
        asker: record.userId ? `user:${record.userId}` : `conversation:${record.id}`,
        text,
        ...answered,
      });
      groups.set(key, members);
    }
  }
  const askers = (members: readonly Asked[]) => new Set(members.map((m) => m.asker)).size;
  const ranked: Array<{ text: string; askers: number; at: number; key: string }> = [];
  for (const [key, members] of groups) {
    if (askers(members) < min) continue;
    const counted: Asked[] = [];
    for (let i = 0; i < members.length; i += 50) {
      const part = members.slice(i, i + 50);
      const cited = await Promise.all(part.map((m) => citedOpening(o, m)));
      counted.push(...part.filter((_, j) => cited[j]));
    }
    if (askers(counted) < min) continue;
    const at = Math.max(...counted.map((m) => m.at));
    ranked.push({ text: shownText(counted), askers: askers(counted), at, key });
  }
  ranked.sort((a, b) => b.askers - a.askers || b.at - a.at || a.key.localeCompare(b.key));
  return ranked.slice(0, o.limit ?? 3).map((r) => r.text);
}

export interface MostAskedCacheOptions extends MostAskedOptions {
  /** How often the list is computed again. @defaultValue 3_600_000 (an hour) */
  refreshMs?: number;
  /** A refresh failed (Redis down): the previous list is kept. @defaultValue ignored */
  onError?: (error: unknown) => void;
}

/**
 * The most asked questions, computed in the background every `refreshMs` and read from memory:
 * a request never scans conversations.
 */
export class MostAskedQuestions {
  readonly #o: MostAskedCacheOptions;
  #current: readonly string[] = [];
  #running: Promise<readonly string[]> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MostAskedCacheOptions) {
    this.#o = options;
  }

  /** The list of the last refresh (empty until the first one finished). */
  current(): readonly string[] {
    return this.#current;
  }

  /** Computes the list now (one computation at a time); a failure keeps the previous list. */
  refresh(): Promise<readonly string[]> {
    this.#running ??= mostAskedQuestions(this.#o)
      .then((list) => {
        this.#current = Object.freeze(list);
        return this.#current;
      })
      .catch((error: unknown) => {
        this.#o.onError?.(error);
        return this.#current;
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  /** Refreshes now and then every `refreshMs`; the timer never keeps the process alive. */
  start(): void {
    if (this.#timer) return;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.#o.refreshMs ?? 3_600_000);
    this.#timer.unref?.();
  }

  /** Stops refreshing and waits for a refresh under way. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

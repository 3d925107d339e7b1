import {
  CHANNELS,
  type ConversationQuery,
  decodeCursor,
  ISSUE_OUTCOMES,
  type IssueOutcome,
  type OutcomeQuery,
  type RatingFilter,
  ROUTES,
} from '@switchboard/assistant';
import { SwitchboardError } from '@switchboard/core';

const DAY_MS = 86_400_000;
export const MAX_LIST_LIMIT = 100;
const DEFAULT_LIST_LIMIT = 25;
const MAX_QUERY_CHARS = 200;
/** The longest outcomes period (a year and a day, so "the last 12 months" fits). */
const MAX_PERIOD_DAYS = 366;
const DEFAULT_PERIOD_DAYS = 30;
const RATINGS: readonly RatingFilter[] = ['up', 'down', 'rated', 'unrated'];

function bad(field: string, reason: string): SwitchboardError {
  return new SwitchboardError('BAD_REQUEST', `${field}: ${reason}`, { details: { field } });
}

/**
 * The query string as single values: unknown parameters and repeated ones are refused, and an
 * empty value counts as not given (what a form sends for a filter left blank).
 */
function fieldsOf(query: unknown, allowed: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(name)) throw bad('query', `unknown parameter "${name}"`);
    if (typeof value !== 'string') throw bad(name, 'must be given once');
    if (value !== '') fields.set(name, value);
  }
  return fields;
}

function oneOf<T extends string>(
  fields: Map<string, string>,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = fields.get(name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value))
    throw bad(name, `must be one of ${values.join(', ')}`);
  return value as T;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 date (a whole UTC day: `from` its start, `to` its end) or date-time with a zone;
 * epoch ms.
 */
function instant(fields: Map<string, string>, name: 'from' | 'to'): number | undefined {
  const value = fields.get(name);
  if (value === undefined) return undefined;
  const isDate = DATE.test(value);
  if (!isDate && !DATE_TIME.test(value))
    throw bad(name, 'must be an ISO 8601 date (2026-12-01) or date-time with a zone');
  const at = Date.parse(isDate ? `${value}T00:00:00Z` : value);
  // Date.parse rolls 2026-02-31 over to March; a date must read back as written.
  if (!Number.isFinite(at) || (isDate && new Date(at).toISOString().slice(0, 10) !== value))
    throw bad(name, 'is not a real date');
  return name === 'to' && isDate ? at + DAY_MS : at;
}

function period(fields: Map<string, string>): { from?: number; to?: number } {
  const from = instant(fields, 'from');
  const to = instant(fields, 'to');
  if (from !== undefined && to !== undefined && from >= to) throw bad('to', 'must be after from');
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** `GET /conversations`: `q, channel, route, outcome, rating, from, to, cursor, limit`. */
export function parseConversationQuery(query: unknown): ConversationQuery {
  const fields = fieldsOf(query, [
    'q',
    'channel',
    'route',
    'outcome',
    'rating',
    'from',
    'to',
    'cursor',
    'limit',
  ]);
  const q = fields.get('q')?.trim();
  if (q !== undefined && q.length > MAX_QUERY_CHARS)
    throw bad('q', `must be at most ${MAX_QUERY_CHARS} characters`);
  const rawLimit = fields.get('limit');
  const limit = rawLimit === undefined ? DEFAULT_LIST_LIMIT : Number(rawLimit);
  if (
    rawLimit !== undefined &&
    (!/^\d{1,3}$/.test(rawLimit) || limit < 1 || limit > MAX_LIST_LIMIT)
  )
    throw bad('limit', `must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  const rawCursor = fields.get('cursor');
  const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
  if (rawCursor !== undefined && !cursor)
    throw bad('cursor', 'is not a cursor this API gave (pass nextCursor as it came)');
  const channel = oneOf(fields, 'channel', CHANNELS);
  const route = oneOf(fields, 'route', ROUTES);
  const outcome = oneOf<IssueOutcome>(fields, 'outcome', ISSUE_OUTCOMES);
  const rating = oneOf(fields, 'rating', RATINGS);
  return {
    ...(q ? { q } : {}),
    ...(channel ? { channel } : {}),
    ...(route ? { route } : {}),
    ...(outcome ? { outcome } : {}),
    ...(rating ? { rating } : {}),
    ...period(fields),
    ...(cursor ? { cursor } : {}),
    limit,
  };
}

/**
 * `GET /outcomes`: `from, to, channel`. The period defaults to the 30 days up to `now` and may
 * span at most 366 days.
 */
export function parseOutcomeQuery(query: unknown, now: number): OutcomeQuery {
  const fields = fieldsOf(query, ['from', 'to', 'channel']);
  const given = period(fields);
  const to = given.to ?? now;
  const from = given.from ?? to - DEFAULT_PERIOD_DAYS * DAY_MS;
  if (from >= to) throw bad('from', 'must be before to');
  if (to - from > MAX_PERIOD_DAYS * DAY_MS)
    throw bad('to', `the period may span at most ${MAX_PERIOD_DAYS} days`);
  const channel = oneOf(fields, 'channel', CHANNELS);
  return { from, to, ...(channel ? { channel } : {}) };
}

const CONVERSATION_ID = /^[\x21-\x7e]{1,256}$/;

/** A conversation id in the path: printable ASCII without spaces, at most 256 characters. */
export function parseConversationId(id: string): string {
  if (!CONVERSATION_ID.test(id))
    throw bad('id', 'must be 1 to 256 printable ASCII characters without spaces');
  return id;
}

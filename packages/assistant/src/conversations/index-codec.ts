import type { ChannelName, RouteName } from '@switchboard/core';
import type { ConversationEvent, ConversationRecord, TurnRating } from './conversation-record.ts';

/** Every channel (the filters, and the per-channel activity sets). */
export const CHANNELS = [
  'web',
  'slack',
  'botframework',
  'api',
  'cli',
] as const satisfies readonly ChannelName[];
/** Every route, in the order the outcomes list them. */
export const ROUTES = [
  'brand',
  'knowledge',
  'smalltalk',
  'handoff',
] as const satisfies readonly RouteName[];

// A new channel or route in core that is missing here fails to compile.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const channelsComplete: Missing<ChannelName, (typeof CHANNELS)[number]> = true;
const routesComplete: Missing<RouteName, (typeof ROUTES)[number]> = true;
void channelsComplete;
void routesComplete;

export const isChannel = (value: unknown): value is ChannelName =>
  (CHANNELS as readonly unknown[]).includes(value);
export const isRoute = (value: unknown): value is RouteName =>
  (ROUTES as readonly unknown[]).includes(value);

/** A position in the newest-first order: a conversation's last activity and its id. */
export interface ActivityCursor {
  at: number;
  id: string;
}

/** The opaque `cursor` of the list API (base64url JSON of the last conversation returned). */
export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Reads a cursor made by `encodeCursor`; undefined when it is not one. */
export function decodeCursor(text: string): ActivityCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,1400}$/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value;
    if (!Number.isSafeInteger(at) || typeof id !== 'string' || id.length === 0) return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

/** The raw Redis shape of a record: the summary hash and the JSON event lines. */
export interface RawRecord {
  meta: Record<string, string>;
  events: string[];
}

const RATING_FIELD = 'rating:';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseEvent(line: string): ConversationEvent | undefined {
  const value = parseJson(line) as Partial<ConversationEvent> | undefined;
  if (!value || typeof value.kind !== 'string' || typeof value.at !== 'number') return undefined;
  return value as ConversationEvent;
}

function parseRating(text: string): TurnRating | undefined {
  const value = parseJson(text) as Partial<TurnRating> | undefined;
  if (!value || (value.rating !== 'up' && value.rating !== 'down')) return undefined;
  return {
    rating: value.rating,
    ...(typeof value.reason === 'string' ? { reason: value.reason } : {}),
    at: typeof value.at === 'number' ? value.at : 0,
  };
}

/**
 * A record from its Redis hash and events; null when the hash is gone (expired or deleted) or
 * was never written by `record` (no activity times). Corrupt lines are skipped, as in memory.
 */
export function parseRecord(
  id: string,
  meta: Record<string, string> | undefined,
  events: string[] | undefined,
): ConversationRecord | null {
  const firstAt = Number(meta?.firstAt);
  const lastAt = Number(meta?.lastAt);
  if (!meta || !Number.isFinite(firstAt) || !Number.isFinite(lastAt)) return null;
  const ratings = new Map<string, TurnRating>();
  // Redis hashes come back as plain objects keyed by field: read them as entries, never by name.
  for (const [field, value] of Object.entries(meta)) {
    if (!field.startsWith(RATING_FIELD)) continue;
    const rating = parseRating(value);
    if (rating) ratings.set(field.slice(RATING_FIELD.length), rating);
  }
  const channel = meta.channel;
  return {
    id,
    channel: isChannel(channel) ? channel : null,
    ...(meta.userId ? { userId: meta.userId } : {}),
    firstAt,
    lastAt,
    preview: meta.preview ?? '',
    digest: meta.digest ?? '',
    events: (events ?? []).flatMap((line) => parseEvent(line) ?? []),
    ratings,
  };
}

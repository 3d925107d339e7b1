import { readFile } from 'node:fs/promises';
import { SwitchboardError } from '@switchboard/core';
import { parseJsonl } from '@switchboard/text';

/** What a labelled message is, and so which outcome is right for it. */
export const MIX_KINDS = ['knowledge', 'brand', 'person', 'oos', 'smalltalk', 'followup'] as const;
export type MixKind = (typeof MIX_KINDS)[number];

/**
 * The routes that count as right for each kind. Out of scope may be handed off or get an honest
 * "not sure" (today both are route `handoff`; a future `not_sure` route counts too). Small talk
 * expects its own `smalltalk` route, which does not exist yet: until it does, its recall is 0.
 */
export const EXPECTED_ROUTES: Readonly<Record<MixKind, readonly string[]>> = Object.freeze({
  knowledge: ['knowledge'],
  followup: ['knowledge'],
  brand: ['brand'],
  person: ['handoff'],
  oos: ['handoff', 'not_sure'],
  smalltalk: ['smalltalk'],
});

/** One earlier turn of a conversation a follow-up belongs to. */
export interface MixTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** One line of a mix file. */
export interface MixItem {
  id: string;
  kind: MixKind;
  message: string;
  /** Knowledge and follow-up items: the documents that answer the message. */
  goldDocIds?: string[];
  /** Brand and person items: the intent the message was labelled with. */
  intent?: string;
  /** Follow-up items: the conversation before the message, oldest first. */
  history?: MixTurn[];
}

function fail(path: string, line: number, reason: string): SwitchboardError {
  return new SwitchboardError('DATA_INVALID', `${path}:${line}: ${reason}`, {
    details: { path, line },
  });
}

const isString = (v: unknown): v is string => typeof v === 'string';

function parseTurn(value: unknown): MixTurn | null {
  if (!value || typeof value !== 'object') return null;
  const { role, text } = value as { role?: unknown; text?: unknown };
  if ((role !== 'user' && role !== 'assistant') || !isString(text)) return null;
  return { role, text };
}

/** Validates one parsed line; the reason names the first problem. */
export function parseMixItem(value: unknown): MixItem | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected an object';
  const v = value as Record<string, unknown>;
  if (!isString(v.id) || !v.id) return 'id must be a non-empty string';
  if (!MIX_KINDS.includes(v.kind as MixKind)) return `kind must be one of ${MIX_KINDS.join('|')}`;
  if (!isString(v.message) || !v.message.trim()) return 'message must be a non-empty string';
  const item: MixItem = { id: v.id, kind: v.kind as MixKind, message: v.message };
  if (v.goldDocIds !== undefined) {
    if (!Array.isArray(v.goldDocIds) || !v.goldDocIds.every(isString))
      return 'goldDocIds must be an array of strings';
    item.goldDocIds = v.goldDocIds;
  }
  if ((item.kind === 'knowledge' || item.kind === 'followup') && !item.goldDocIds?.length)
    return `${item.kind} items need goldDocIds`;
  if (v.intent !== undefined) {
    if (!isString(v.intent)) return 'intent must be a string';
    item.intent = v.intent;
  }
  if (v.history !== undefined) {
    if (!Array.isArray(v.history)) return 'history must be an array of {role, text}';
    const turns = v.history.map(parseTurn);
    if (turns.some((t) => t === null)) return 'history turns must be {role: user|assistant, text}';
    item.history = turns as MixTurn[];
  }
  return item;
}

/**
 * Reads a mix file: JSONL of `{id, kind, message, goldDocIds?, intent?, history?}`. Evaluation
 * data must be clean, so a bad line or a repeated id is a `DATA_INVALID` error naming it.
 */
export async function loadHybridMix(path: string): Promise<MixItem[]> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new SwitchboardError('DATA_INVALID', `Cannot read ${path}.`, { cause });
  });
  const seen = new Set<string>();
  const items: MixItem[] = [];
  for (const line of parseJsonl(text)) {
    if ('error' in line) throw fail(path, line.line, line.error);
    const item = parseMixItem(line.value);
    if (typeof item === 'string') throw fail(path, line.line, item);
    if (seen.has(item.id)) throw fail(path, line.line, `repeated id "${item.id}"`);
    seen.add(item.id);
    items.push(item);
  }
  if (items.length === 0)
    throw new SwitchboardError('DATA_INVALID', `${path}: no items`, { details: { path } });
  return items;
}

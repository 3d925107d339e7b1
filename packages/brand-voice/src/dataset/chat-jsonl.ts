import { parseJsonl, sha256 } from '@switchboard/text';
import { type BrandDataset, type BrandExample, normaliseNewlines } from './types.ts';

const ROLES = new Set(['system', 'user', 'assistant']);

/** Intent for a line without one: the identity of its reply, so identical replies share a class. */
export function responseIntent(response: string): string {
  return `response:${sha256(response.trim()).slice(0, 12)}`;
}

/** Reads one chat line; returns the example or the reason it is unusable. */
function toExample(value: unknown): BrandExample | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'not a JSON object';
  const { messages, intent } = value as { messages?: unknown; intent?: unknown };
  if (!Array.isArray(messages) || messages.length === 0) return 'missing "messages" array';
  for (const [i, m] of messages.entries()) {
    const { role, content } = (m ?? {}) as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role))
      return `message ${i} has an unknown role ${JSON.stringify(role)}`;
    if (typeof content !== 'string') return `message ${i} has no text content`;
  }
  const turns = messages as Array<{ role: string; content: string }>;
  const lastUser = turns.findLastIndex((m) => m.role === 'user');
  if (lastUser < 0) return 'no user turn';
  const reply = turns[lastUser + 1];
  if (reply?.role !== 'assistant') return 'the last user turn is not followed by an assistant turn';
  const text = normaliseNewlines(turns[lastUser]!.content).trim();
  const response = normaliseNewlines(reply.content).trim();
  if (!text) return 'empty user text';
  if (!response) return 'empty assistant reply';
  if (intent !== undefined && (typeof intent !== 'string' || !intent.trim()))
    return '"intent" is not a non-empty string';
  return {
    text,
    response,
    intent: typeof intent === 'string' ? intent.trim() : responseIntent(response),
  };
}

/**
 * Parses JSONL in the OpenAI chat fine-tuning format, one conversation per line, with an optional
 * `intent`. Multi-turn lines contribute their last user turn and the assistant turn after it.
 */
export function parseChatJsonl(text: string): BrandDataset {
  const result: BrandDataset = { examples: [], problems: [] };
  for (const entry of parseJsonl(text)) {
    if ('error' in entry) {
      result.problems.push({ line: entry.line, reason: `invalid JSON: ${entry.error}` });
      continue;
    }
    const example = toExample(entry.value);
    if (typeof example === 'string') result.problems.push({ line: entry.line, reason: example });
    else result.examples.push(example);
  }
  return result;
}

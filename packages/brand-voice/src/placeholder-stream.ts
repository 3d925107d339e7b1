import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts';
import type { RemnantOptions } from './template-slots.ts';

/** Characters that may start or end template syntax: `{{…}}`, `{…}`, `[…]`. */
const SYNTAX = /[[\]{}]/;

/** Beyond this many held characters a sentence is flushed even if it never closes its braces. */
const MAX_HELD = 2000;

/** Index just after the sentence that starts the buffer, once it is complete and has no open `{` or `[`. */
function completeSentenceEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    const ends = c === '\n' || (/[.!?]/.test(c) && i + 1 < text.length && /\s/.test(text[i + 1]!));
    if (!ends) continue;
    const head = text.slice(0, i + 1);
    if (
      head.lastIndexOf('{') <= head.lastIndexOf('}') &&
      head.lastIndexOf('[') <= head.lastIndexOf(']')
    )
      return i + 1;
  }
  return -1;
}

/** Start of the sentence that contains `at` (after the previous sentence end or line break). */
function sentenceStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === '\n') return i + 1;
    if (/[.!?]/.test(text[i]!) && /\s/.test(text[i + 1] ?? '')) return i + 1;
  }
  return 0;
}

/**
 * Fills placeholders in a token stream (e.g. from an LLM). Text streams through untouched until a
 * brace or bracket appears; from the start of that sentence the output is held until the sentence
 * is complete and its placeholders are closed, then the sentence is filled as a whole, so a
 * placeholder split across tokens (`{{Order ` + `Number}}`, `[Customer Support ` + `Phone
 * Number]`) is still filled and a clause can still be removed. (Text before the first brace has
 * already streamed, so for a placeholder that cannot be phrased in mid-sentence only the held
 * rest of its sentence is dropped.) Never yields a brace or a bracket, except `[n]` citation
 * markers with `options.citations`.
 */
export async function* fillPlaceholderStream(
  tokens: AsyncIterable<string>,
  values: PlaceholderValues,
  options: RemnantOptions = {},
): AsyncGenerator<string> {
  let held = '';
  let last = '';
  // Two chunks must not join into "{{" or "}}" either (only possible after a forced flush).
  const safe = (chunk: string): string => {
    const out =
      last === '{' ? chunk.replace(/^\{+/, '') : last === '}' ? chunk.replace(/^\}+/, '') : chunk;
    if (out) last = out[out.length - 1]!;
    return out;
  };
  for await (const token of tokens) {
    held += token;
    for (;;) {
      const brace = held.search(SYNTAX);
      if (brace < 0) {
        const out = safe(held);
        if (out) yield out;
        held = '';
        break;
      }
      const start = sentenceStart(held, brace);
      if (start > 0) {
        const out = safe(held.slice(0, start));
        if (out) yield out;
        held = held.slice(start);
        continue;
      }
      const end = completeSentenceEnd(held, brace);
      if (end < 0 && held.length < MAX_HELD) break;
      const cut = end < 0 ? held.length : end;
      const filled = fillPlaceholders(held.slice(0, cut), values, options).text;
      held = held.slice(cut);
      // A removed sentence must not leave the spaces on both sides of it.
      if (!filled && /\s/.test(last)) held = held.replace(/^[ \t]+/, '');
      const out = filled ? safe(withSpacing(filled, held)) : '';
      if (out) yield out;
      if (end < 0) break;
    }
  }
  if (held) {
    const filled = safe(fillPlaceholders(held, values, options).text);
    if (filled) yield filled;
  }
}

/** `fillPlaceholders` may trim a sentence; keep one separating space if the rest needs it. */
function withSpacing(filled: string, rest: string): string {
  return /\s$/.test(filled) || rest === '' || /^\s/.test(rest) ? filled : `${filled} `;
}

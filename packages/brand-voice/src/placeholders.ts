import {
  fallbackPhrase,
  isInterfaceLabel,
  normalisePlaceholderName,
  synonymsOf,
} from './placeholder-names.ts';
import {
  normaliseTemplateSlots,
  type RemnantOptions,
  stripTemplateRemnants,
} from './template-slots.ts';

export interface PlaceholderValues {
  /** Company facts from configuration, e.g. `{"Website Name": "Nimbus Home"}`. */
  profile?: Readonly<Record<string, string>>;
  /** Values from the conversation (e.g. an order number the customer typed); they win over `profile`. */
  slots?: Readonly<Record<string, string>>;
}

export interface FilledText {
  text: string;
  /** Placeholder names replaced by a known value, in order of first appearance. */
  filled: string[];
  /** Placeholder names with no value: replaced by neutral wording or removed with their clause. */
  unresolved: string[];
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** Private-use characters (never in normal text): a clause to remove, and where one was removed. */
const REMOVE = '\uE000';
const REMOVED = '\uE001';

const REDUNDANT_ORDER =
  /\b(?:(?:the|your|our) )?(?:order|purchase)(?: number| no\.?| id)?\s*#?\s*your order number\b/gi;
const REDUNDANT_INVOICE =
  /\b(?:(?:the|your|our) )?(?:invoice|bill)(?: number)?\s*#?\s*your invoice number\b/gi;

function matchCase(original: string, replacement: string): string {
  return /^[A-Z]/.test(original)
    ? replacement[0]!.toUpperCase() + replacement.slice(1)
    : replacement;
}

/** Removes every `{{` and `}}` (repeatedly: removing one can join braces into another). */
function stripBraces(text: string): string {
  let out = text;
  while (/\{\{|\}\}/.test(out)) out = out.replace(/\{\{|\}\}/g, '');
  return out;
}

function indexValues(values: PlaceholderValues): Map<string, string> {
  const index = new Map<string, string>();
  // Profile first, then slots, so conversation values overwrite company defaults.
  for (const source of [values.profile, values.slots]) {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (typeof value === 'string' && value.trim()) {
        index.set(normalisePlaceholderName(name), stripBraces(value.replaceAll(REMOVE, '')).trim());
      }
    }
  }
  return index;
}

/** Start of the sentence containing `at`: after the previous sentence end or line break. */
function sentenceStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === '\n') return i + 1;
    if (/[.!?]/.test(c) && /\s/.test(text[i + 1] ?? '')) return i + 1;
  }
  return 0;
}

/** End of the sentence containing `at` (after its punctuation), or the line break or text end. */
function sentenceEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') return i;
    if (/[.!?]/.test(c) && (i + 1 === text.length || /\s/.test(text[i + 1]!))) return i + 1;
  }
  return text.length;
}

/**
 * Removes the clause holding each removal mark: from the comma before it to the next comma (or
 * the sentence's final punctuation), or the whole sentence when no comma precedes it.
 */
function removeMarkedClauses(text: string): string {
  let out = text;
  for (let at = out.indexOf(REMOVE); at >= 0; at = out.indexOf(REMOVE)) {
    // The removed sentence starts after the spaces that end the one before it, which keep them.
    let start = sentenceStart(out, at);
    while (start < at && /[ \t]/.test(out[start]!)) start++;
    const end = sentenceEnd(out, at);
    const comma = out.lastIndexOf(',', at);
    if (comma >= start) {
      const nextComma = out.indexOf(',', at);
      const stop =
        nextComma >= 0 && nextComma < end
          ? nextComma
          : out[end - 1]?.match(/[.!?]/)
            ? end - 1
            : end;
      out = `${out.slice(0, comma)}${REMOVED}${out.slice(stop)}`;
    } else {
      out = `${out.slice(0, start)}${REMOVED}${out.slice(end).replace(/^[ \t]+/, '')}`;
    }
  }
  return out;
}

/** Renumbers "1. … 3. …" runs of numbered lines after an item was removed. */
function renumber(lines: string[]): string[] {
  let previous: number | undefined;
  return lines.map((line) => {
    const item = /^(\s*)(\d+)([.)]\s)/.exec(line);
    if (!item) {
      previous = undefined;
      return line;
    }
    const number = previous === undefined ? Number(item[2]) : previous + 1;
    previous = number;
    return `${item[1]}${number}${item[3]}${line.slice(item[0].length)}`;
  });
}

/** Cleans up after removals: emptied lines and list items, doubled spaces, space before punctuation. */
function tidy(text: string): string {
  const kept = text
    .split('\n')
    .filter(
      (line) =>
        !(line.includes(REMOVED) && /^\s*(\d+[.)]|[-*•])?\s*$/.test(line.replaceAll(REMOVED, ''))),
    )
    .map((line) =>
      line
        .replaceAll(REMOVED, '')
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/ +([,.;:!?])/g, '$1')
        .replace(/,([.!?])/g, '$1'),
    );
  return renumber(kept).join('\n').trim();
}

/**
 * Fills `{{Placeholder}}` templates (bracket forms such as `[Customer Support Phone Number]` and
 * `{Order Number}` are read as placeholders too). Names match case-, space- and
 * underscore-insensitively, and synonyms share a value (`{{Customer Support Phone Number}}` takes
 * the profile's "Support Phone"). A name with no value becomes neutral wording ("your order
 * number", "our website"), an interface label stays as its own name ("the Order Details
 * section"), and anything else is removed with its clause. The result never contains a brace or
 * a bracket (`[n]` citation markers are kept only with `options.citations`).
 */
export function fillPlaceholders(
  text: string,
  values: PlaceholderValues = {},
  options: RemnantOptions = {},
): FilledText {
  const known = indexValues(values);
  const filled = new Set<string>();
  const unresolved = new Set<string>();
  let removed = false;
  // One pass over the innermost placeholders; braces left after it (nesting, typos like
  // `{{Order Number}` or `Order}}`) are stray and stripped below.
  const source = normaliseTemplateSlots(text.replaceAll(REMOVE, '').replaceAll(REMOVED, ''));
  let out = source.replace(PLACEHOLDER, (match, rawName: string, offset: number) => {
    const name = rawName.trim();
    const value = synonymsOf(name)
      .map((n) => known.get(n))
      .find((v) => v !== undefined);
    if (value !== undefined) {
      filled.add(name);
      return value;
    }
    unresolved.add(name);
    const phrase = fallbackPhrase(name);
    // "on our {{Website Name}}" must not become "on our our website".
    if (phrase)
      return /\b(our|your|the)\s+$/i.test(source.slice(0, offset))
        ? phrase.replace(/^(our|your|the) /, '')
        : phrase;
    const after = source.slice(offset + match.length, offset + match.length + 20);
    if (name && isInterfaceLabel(name, after)) return name;
    removed = true;
    return REMOVE;
  });
  out = removeMarkedClauses(out);
  out = stripBraces(out.replaceAll(REMOVE, ''));
  // "status of order {{Order Number}}" with no number: "status of your order", not "order your order number".
  out = out
    .replace(REDUNDANT_ORDER, (m) => matchCase(m, 'your order'))
    .replace(REDUNDANT_INVOICE, (m) => matchCase(m, 'your invoice'));
  out = stripTemplateRemnants(removed ? tidy(out) : out, options);
  return { text: out, filled: [...filled], unresolved: [...unresolved] };
}

import {
  fallbackPhrase,
  isInterfaceLabel,
  normalisePlaceholderName,
  PII_PLACEHOLDERS,
  synonymsOf,
} from '@switchboard/brand-voice';

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

export interface PlaceholderCheck {
  /** Broken syntax: unbalanced or nested braces, empty names. These are errors. */
  errors: string[];
  /**
   * Well-formed names that nothing can fill: no company fact, no fallback wording, not an
   * interface label. Serving removes the clause holding them, so the reply loses a sentence.
   */
  unknown: string[];
}

/** Names the serving side knows how to render, besides the brand-voice vocabulary. */
function isKnownName(name: string, after: string, facts: ReadonlySet<string>): boolean {
  const key = normalisePlaceholderName(name);
  if (synonymsOf(key).length > 1 || fallbackPhrase(key) !== undefined) return true;
  if (synonymsOf(key).some((n) => facts.has(n))) return true;
  return isInterfaceLabel(name, after);
}

const PII_NAMES = new Set(Object.values(PII_PLACEHOLDERS).map(normalisePlaceholderName));

/** Normalised names of the company facts (profile keys), which fill placeholders of that name. */
export function factNames(facts: Readonly<Record<string, string>>): Set<string> {
  return new Set([...Object.keys(facts).map(normalisePlaceholderName), ...PII_NAMES]);
}

/**
 * Checks the `{{Name}}` placeholders of a reply: braces balanced, names non-empty, and each name
 * one the brand voice can fill or word neutrally.
 */
export function checkPlaceholders(text: string, facts: ReadonlySet<string>): PlaceholderCheck {
  const errors: string[] = [];
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!.trim();
    if (!name) {
      errors.push('empty placeholder "{{}}"');
      continue;
    }
    const end = match.index + match[0].length;
    if (!isKnownName(name, text.slice(end, end + 20), facts)) unknown.add(name);
  }
  // With every well-formed placeholder removed, any brace pair left is broken syntax.
  const rest = text.replace(PLACEHOLDER, '');
  const stray = rest.match(/\{\{|\}\}|\{[A-Za-z][^{}\n]{0,40}\}(?!\})/g);
  if (stray) {
    const at = rest.indexOf(stray[0]);
    errors.push(
      `unbalanced placeholder braces near "${rest.slice(Math.max(0, at - 15), at + 25).replace(/\n/g, ' ')}"`,
    );
  }
  return { errors, unknown: [...unknown] };
}

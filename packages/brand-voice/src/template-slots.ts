/**
 * Template syntax other than `{{Name}}`. Support data written by people and generators marks
 * slots in several ways (`[Customer Support Phone Number]`, `{Order Number}`, a placeholder
 * wrapped in brackets); they are all brought to `{{Name}}` so one filler handles them, and a
 * last guard removes whatever template syntax is left, so none of it reaches a customer.
 */

/** `[our returns page](https://…)`: a Markdown link, shown as "our returns page (https://…)". */
const MARKDOWN_LINK = /\[([^[\]\n]{1,200})\]\((https?:\/\/[^\s)]+)\)/g;
/** `[{{Website Name}}]`: a placeholder that was also bracketed. */
const BRACKETED_PLACEHOLDER = /\[\s*(\{\{[^{}\n]*\}\})\s*\]/g;
/** `[Customer Support Phone Number]`, `[response time]`: a bracket with a letter inside. */
const BRACKET_SLOT = /\[([^[\]{}\n]{0,80}?[A-Za-z][^[\]{}\n]{0,80}?)\]/g;
/** `{Order Number}`: a single-brace slot (never part of a `{{…}}`). */
const SINGLE_BRACE_SLOT = /(?<!\{)\{([A-Za-z][^{}\n]{0,60})\}(?!\})/g;
/** `[12]`: a citation marker of a grounded answer. */
const CITATION = /\[\d{1,3}\]/g;

/** Rewrites bracket and single-brace slots (and Markdown links) so only `{{Name}}` remains. */
export function normaliseTemplateSlots(text: string): string {
  return text
    .replace(MARKDOWN_LINK, '$1 ($2)')
    .replace(BRACKETED_PLACEHOLDER, '$1')
    .replace(BRACKET_SLOT, (_m, name: string) => `{{${name.trim()}}}`)
    .replace(SINGLE_BRACE_SLOT, (_m, name: string) => `{{${name.trim()}}}`);
}

export interface RemnantOptions {
  /**
   * Keep `[n]` citation markers (grounded knowledge answers); brand replies have none.
   * @defaultValue false
   */
  citations?: boolean;
}

/**
 * The final guard on text for a customer: removes every `{`, `}`, `[` and `]` left after
 * filling (stray halves of placeholders, nested or mistyped braces), keeping `[n]` citation
 * markers only when asked. Idempotent.
 */
export function stripTemplateRemnants(text: string, options: RemnantOptions = {}): string {
  const markers: string[] = [];
  // Citations are parked as private-use characters so the bracket sweep cannot touch them.
  let out = options.citations
    ? text.replace(CITATION, (m) => String.fromCharCode(0xe100 + markers.push(m) - 1))
    : text.replace(CITATION, '');
  if (!/[[\]{}]/.test(out) && markers.length === 0 && out === text) return text;
  out = out
    .replace(/[[\]{}]/g, '')
    .replace(/(?<=\S)[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([,.;:!?])/g, '$1');
  return out.replace(/[\ue100-\ue8ff]/g, (c) => markers[c.charCodeAt(0) - 0xe100] ?? '');
}

/** True when `text` still holds template syntax a customer must not see. */
export function hasTemplateRemnants(text: string, options: RemnantOptions = {}): boolean {
  return /[[\]{}]/.test(options.citations ? text.replace(CITATION, '') : text);
}

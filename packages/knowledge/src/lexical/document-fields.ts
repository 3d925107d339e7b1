import type { LexicalDocument } from './lexical-document.ts';

/** The three fields BM25F scores, from the most to the least specific. */
export const FIELD_NAMES = ['heading', 'context', 'body'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

// Breadcrumb separators in titles such as "Settings > Display > Screen timeout".
const BREADCRUMB = /\s+[>›»]\s+/;
// Web page titles name the page first and the site after it: "Repayment Plans | Federal Student
// Aid", "Reset your password – Acme Help Center".
const SITE_SEPARATOR = /\s+[|–—]\s+/;

/** A title's parts from the most general to the most specific (site, then page, then crumbs). */
function titleTrail(title: string): string[] {
  return title
    .split(SITE_SEPARATOR)
    .reverse()
    .flatMap((part) => part.split(BREADCRUMB));
}

/**
 * Splits a document into fields. `heading` is the chunk's own section title: the last element of
 * `sectionPath`, or (when the loader put the breadcrumb into `title`) the title's last breadcrumb
 * element. `context` holds the remaining, ancestor titles, so both representations of the same
 * hierarchy index identically. `body` is the chunk text.
 */
export function documentFields(doc: LexicalDocument): Record<FieldName, string> {
  const trail = [...titleTrail(doc.title), ...doc.sectionPath]
    .map((part) => part.trim())
    .filter((part) => part !== '');
  // A chunker may repeat the document title as the first heading: drop consecutive repeats only,
  // since a title may legitimately recur further down ("Camera > Settings > Camera").
  const distinct = trail.filter((part, i) => part !== trail[i - 1]);
  const heading = distinct.at(-1) ?? '';
  return {
    heading,
    context: distinct.slice(0, -1).join('\n'),
    body: doc.text,
  };
}

/**
 * Share of the body's words that sit in prose lines (five or more words, or ending in sentence
 * punctuation), in [0, 1]. Container pages whose text is only a list of child titles
 * ("Getting started / Galaxy S10 / Assemble your device") score near 0 and get a lower prior;
 * an empty body counts as prose-free.
 */
export function proseShare(body: string): number {
  let prose = 0;
  let total = 0;
  for (const line of body.split('\n')) {
    const count = line.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    total += count;
    if (count >= 5 || /[.!?:]\s*$/.test(line)) prose += count;
  }
  return total === 0 ? 0 : prose / total;
}

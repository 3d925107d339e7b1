import type { Chunk, ScoredChunk } from '@switchboard/core';
import type { QueryWeights } from './relevance.ts';
import { type PassageUnit, passageUnits } from './sentences.ts';

/** A quotable unit of the answering document, with where it came from. */
export interface Located {
  unit: Exclude<PassageUnit, { kind: 'heading' }>;
  /** Index of its chunk in the retrieval hits (for the citation). */
  hit: number;
  /** Units of one section share a number; a span never crosses sections. */
  section: number;
  /** The headings above it (chunk section path and the page's own headings or FAQ question). */
  headings: string;
  /** First quotable unit under its heading. */
  leads: boolean;
  /** First quotable unit of the page: often the summary a question is after. */
  opensPage?: boolean;
}

export interface SelectOptions {
  /** Most prose words in an answer (lists of steps may be longer). @defaultValue 120 */
  maxWords?: number;
  /** Most units (sentences, or one list) in the quoted span. @defaultValue 5 */
  maxUnits?: number;
}

const normalise = (text: string) => text.toLowerCase().replace(/\W+/g, ' ').trim();

export const unitText = (unit: Located['unit']): string =>
  unit.kind === 'list' ? [unit.header ?? '', ...unit.items].join('\n') : unit.text;

export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/**
 * A chunk's units, minus the stubs its cut edges leave: a chunk that starts inside a sentence
 * (its overlap began mid-way) loses that fragment; one that stops inside a sentence says so.
 */
function chunkUnits(chunk: Chunk): PassageUnit[] {
  const units = passageUnits(chunk.text);
  const first = units[0];
  if (first?.kind === 'sentence' && /^[a-z]/.test(first.text)) units.shift();
  const last = units.at(-1);
  if (last?.kind === 'sentence' && chunk.text.length >= 900 && !/[.!?:;"')\]…]$/.test(last.text))
    units[units.length - 1] = { ...last, text: `${last.text}…` };
  return units;
}

const sameSection = (a: Chunk, b: Chunk) =>
  a.position + 1 === b.position && a.sectionPath.join('\u0000') === b.sectionPath.join('\u0000');

/**
 * The quotable units of one document's retrieved chunks, in page order. Chunks overlap a little,
 * so what one chunk repeats from the previous is dropped (and a sentence the previous chunk cut
 * short is replaced by its whole), and a list split across two chunks is joined back into one.
 */
export function documentUnits(hits: readonly ScoredChunk[], indices: readonly number[]): Located[] {
  const order = [...indices].sort(
    (a, b) => (hits[a]?.chunk.position ?? 0) - (hits[b]?.chunk.position ?? 0),
  );
  const out: Located[] = [];
  let section = 0;
  let headings = '';
  let previous: Chunk | undefined;
  // Units taken from the previous chunk: the only place a chunk's overlap can come from.
  let earlier: Located[] = [];
  for (const index of order) {
    const chunk = hits[index]?.chunk;
    if (!chunk) continue;
    const continues = previous !== undefined && sameSection(previous, chunk);
    previous = chunk;
    const overlap = continues ? earlier : [];
    earlier = [];
    // A chunk that continues the previous one stays under that one's last heading.
    if (!continues) {
      section++;
      headings = chunk.sectionPath.at(-1) ?? '';
    }
    let leads = !continues;
    for (const unit of chunkUnits(chunk)) {
      if (unit.kind === 'heading') {
        section++;
        headings = `${chunk.sectionPath.at(-1) ?? ''} ${unit.text}`;
        leads = true;
        continue;
      }
      const last = out.at(-1);
      const repeated = overlap
        .flatMap((u) => (u.unit.kind === 'list' ? u.unit.items : [u.unit.text]))
        .map(normalise);
      if (unit.kind === 'list') {
        const items = unit.items.filter((item) => !repeated.includes(normalise(item)));
        if (last?.unit.kind === 'list' && last.section === section && last.hit !== index) {
          // The rest of a list (or table) that the previous chunk started; a first row that
          // looked like a header there is just the next row.
          const row = unit.header && unit.header !== last.unit.header ? [unit.header] : [];
          last.unit = { ...last.unit, items: [...last.unit.items, ...row, ...items] };
          continue;
        }
        if (items.length === 0) continue;
        out.push({ unit: { ...unit, items }, hit: index, section, headings, leads });
      } else {
        const key = normalise(unit.text);
        if (repeated.some((text) => text.includes(key))) continue;
        // The previous chunk stopped inside this sentence: keep the whole one only.
        const stub = overlap.find(
          (u) => u.unit.kind === 'sentence' && key.startsWith(normalise(u.unit.text)),
        );
        if (stub && out.includes(stub)) out.splice(out.indexOf(stub), 1);
        const opensPage = chunk.position === 0 && !out.some((u) => u.hit === index);
        out.push({
          unit,
          hit: index,
          section,
          headings,
          leads,
          ...(opensPage ? { opensPage } : {}),
        });
      }
      earlier.push(out.at(-1)!);
      leads = false;
    }
  }
  return out;
}

/**
 * How well a unit answers: the question's words it or the headings above it contain (a row under
 * "Error codes" that says "E6" answers "what does error E6 mean?"), plus a little for leading a
 * matching section or the page.
 */
export function unitScore(located: Located, weights: QueryWeights): number {
  const own = weights.score(unitText(located.unit));
  const heading = weights.score(located.headings);
  // A matching heading says more about a section than being first on the page does.
  const lead = located.leads && heading > 0 ? 0.15 : located.opensPage && own > 0 ? 0.1 : 0;
  return weights.score(`${unitText(located.unit)}\n${located.headings}`) + lead;
}

const proseWords = (located: Located) =>
  located.unit.kind === 'list' ? 0 : wordCount(located.unit.text);

/**
 * The contiguous run of units (inside one section) that best answers: each unit adds its score
 * minus half the best unit's score, so a neighbour joins only when it is nearly as relevant or
 * bridges to one that is. Prose stays within `maxWords`; a span holds at most one list.
 */
export function bestSpan(
  units: readonly Located[],
  weights: QueryWeights,
  options: SelectOptions = {},
): Located[] {
  if (units.length === 0) return [];
  const maxWords = options.maxWords ?? 120;
  const maxUnits = options.maxUnits ?? 5;
  const scores = units.map((u) => unitScore(u, weights));
  const best = Math.max(...scores);
  if (best <= 0) return leadingUnits(units, maxWords);
  const cost = best / 2;
  let span: [number, number] = [0, 0];
  let spanValue = Number.NEGATIVE_INFINITY;
  for (let start = 0; start < units.length; start++) {
    let value = 0;
    let words = 0;
    let lists = 0;
    for (let end = start; end < units.length && end - start < maxUnits; end++) {
      const unit = units[end]!;
      if (unit.section !== units[start]!.section) break;
      words += proseWords(unit);
      if (unit.unit.kind === 'list') lists++;
      if (lists > 1 || (words > maxWords && end > start)) break;
      value += scores[end]! - cost;
      if (value > spanValue) {
        spanValue = value;
        span = [start, end];
      }
    }
  }
  return withLeadIn(units, span, maxWords);
}

/** Nothing matched (a paraphrase): the start of the best passage, as the old answer did. */
function leadingUnits(units: readonly Located[], maxWords: number): Located[] {
  const out: Located[] = [];
  let words = 0;
  for (const unit of units) {
    if (unit.section !== units[0]!.section || (out.length > 0 && words >= maxWords / 2)) break;
    out.push(unit);
    words += proseWords(unit);
  }
  return out;
}

const LEANS_BACK = /^(?:this|these|that|those|it|they|however|also|otherwise|then|if so)\b/i;

/**
 * Adds what a span leans on: the lead-in of a list, the antecedent of "This …", and the list a
 * trailing "…the following:" announces.
 */
function withLeadIn(units: readonly Located[], [start, end]: [number, number], maxWords: number) {
  let from = start;
  let words = units.slice(start, end + 1).reduce((n, u) => n + proseWords(u), 0);
  for (let step = 0; step < 2; step++) {
    const before = units[from - 1];
    const first = units[from]!;
    if (!before || before.section !== first.section || before.unit.kind !== 'sentence') break;
    const needs =
      (first.unit.kind === 'list' && before.unit.text.endsWith(':')) ||
      (first.unit.kind === 'sentence' && LEANS_BACK.test(first.unit.text));
    if (!needs || words + proseWords(before) > maxWords) break;
    words += proseWords(before);
    from--;
  }
  // A lead-in ("You will need:") is nothing without the list it introduces.
  const last = units[end]!;
  const next = units[end + 1];
  const opensList =
    last.unit.kind === 'sentence' &&
    last.unit.text.endsWith(':') &&
    next?.unit.kind === 'list' &&
    next.section === last.section;
  return units.slice(from, opensList ? end + 2 : end + 1);
}

import { memoized } from '@switchboard/text';
import { contentLines, isHeadingLike, isTitleRun } from './debris.ts';

/**
 * A piece of a passage the answer can quote or steer by. Headings (and the questions of an FAQ)
 * are never quoted: they tell which sentences below them are about what. A list or table is one
 * unit, so it is quoted whole or item by item, never cut at a sentence boundary.
 */
export type PassageUnit =
  | { kind: 'heading'; text: string }
  | { kind: 'sentence'; text: string; paragraph: number }
  | {
      kind: 'list';
      style: 'bullet' | 'ordered' | 'table';
      items: string[];
      /** A table's header row, cells joined with " | ". */
      header?: string;
      paragraph: number;
    };

export type ListUnit = Extract<PassageUnit, { kind: 'list' }>;

const BULLET = /^[-*•+]\s+(.*)$/;
const ORDERED = /^\d{1,3}[.)]\s+(.*)$/;
const MARKDOWN_HEADING = /^#{1,6}\s+(.*)$/;
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/;
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|No|St)|\b[A-Z]\.[A-Z])\.$/;

/** Splits prose into sentences at . ! ? followed by a capital, a digit or a quote. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of text.split(/(?<=[.!?])\s+(?=[A-Z0-9"“'(])/)) {
    current = current ? `${current} ${piece}` : piece;
    if (!ABBREVIATION.test(current)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function tableCells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** A first row of short, unpunctuated cells over longer rows reads as a header. */
function looksLikeHeader(row: string, rows: number): boolean {
  return (
    rows >= 2 &&
    tableCells(row).every((c) => c.split(/\s+/).length <= 4 && !/[.!?]$/.test(c) && c !== '')
  );
}

/**
 * The units of a passage, in order, after debris is dropped. The same chunks come back for
 * question after question, so their reading is remembered (a fresh array each call, shared units).
 */
export function passageUnits(text: string): PassageUnit[] {
  return [...readUnits(text)];
}

const readUnits = memoized(readPassageUnits, 4_096);

function readPassageUnits(text: string): readonly PassageUnit[] {
  const units: PassageUnit[] = [];
  let paragraph = 0;
  let list: ListUnit | undefined;
  let tableHasSeparator = false;
  const closeList = () => {
    if (list?.style === 'table' && !list.header && !tableHasSeparator) {
      const [first] = list.items;
      if (first && looksLikeHeader(first, list.items.length)) {
        list.header = first;
        list.items.shift();
      }
    }
    if (list && list.items.length > 0) units.push(list);
    list = undefined;
    tableHasSeparator = false;
  };
  const addItem = (style: ListUnit['style'], item: string) => {
    if (list && list.style !== style) closeList();
    list ??= { kind: 'list', style, items: [], paragraph };
    list.items.push(item);
  };
  for (const line of contentLines(text)) {
    if (!line) {
      paragraph++; // blank lines separate list items too: they do not end a list
      continue;
    }
    if (TABLE_SEPARATOR.test(line) && line.includes('-')) {
      if (list?.style === 'table' && list.items.length === 1 && !list.header) {
        list.header = list.items.pop();
        tableHasSeparator = true;
      }
      continue;
    }
    if (line.startsWith('|') || line.includes(' | ')) {
      addItem('table', tableCells(line).join(' | '));
      continue;
    }
    const bullet = BULLET.exec(line)?.[1];
    const ordered = bullet === undefined ? ORDERED.exec(line)?.[1] : undefined;
    if (bullet !== undefined || ordered !== undefined) {
      addItem(bullet !== undefined ? 'bullet' : 'ordered', (bullet ?? ordered ?? '').trim());
      continue;
    }
    closeList();
    const heading = MARKDOWN_HEADING.exec(line)?.[1];
    if (heading !== undefined || isHeadingLike(line)) {
      units.push({ kind: 'heading', text: (heading ?? line).trim() });
      paragraph++;
      continue;
    }
    for (const sentence of splitSentences(line)) {
      if (isTitleRun(sentence)) continue;
      // An FAQ's question steers like a heading; quoting it back answers nothing.
      if (sentence.endsWith('?')) units.push({ kind: 'heading', text: sentence });
      else units.push({ kind: 'sentence', text: sentence, paragraph });
    }
    paragraph++;
  }
  closeList();
  return units;
}

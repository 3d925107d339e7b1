import type { Citation, ScoredChunk } from '@switchboard/core';
import { citationFor } from './citations.ts';
import { type ListLimits, listAnswer } from './list-answer.ts';
import { QueryWeights } from './relevance.ts';
import { bestSpan, documentUnits, type Located, type SelectOptions } from './select.ts';
import { type PassageUnit, passageUnits } from './sentences.ts';

export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
}

export interface ExtractiveOptions extends ListLimits {
  /** Most prose words quoted (a list of steps may be longer). @defaultValue 120 */
  maxWords?: number;
  /** Most units (sentences, or one list) quoted. @defaultValue 5 */
  maxSentences?: number;
  /** Hits read to find the answer and to weigh the question's words. @defaultValue 8 */
  passages?: number;
  /** A second source is cited only when its match strength is at least this share of the best. @defaultValue 0.85 */
  secondSourceRatio?: number;
}

/**
 * How well a hit matches on its own terms: fused scores are rank-based (reciprocal rank fusion),
 * so two neighbours always look alike; the raw lexical or dense score does not.
 */
function strength(hit: ScoredChunk): number {
  return hit.lexical ?? hit.dense ?? hit.score;
}

function heading(hit: ScoredChunk): string {
  return [hit.chunk.title, ...hit.chunk.sectionPath.filter((s) => s !== hit.chunk.title)].join(
    ' › ',
  );
}

/** Cuts prose over the word limit at a word boundary, saying so with an ellipsis. */
function capWords(text: string, maxWords: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= maxWords ? text : `${words.slice(0, maxWords).join(' ')}…`;
}

/** "Do this." → "Do this [1]."; "…on that page." → "…on that page [1]." */
function withMarker(line: string, marker: string): string {
  const end = /[.!?:]*$/.exec(line)?.[0] ?? '';
  return `${line.slice(0, line.length - end.length).trimEnd()} ${marker}${end}`;
}

interface Block {
  text: string;
  /** False for a table: a marker after its last row would land in a cell. */
  citable: boolean;
}

/** The span as Markdown blocks (paragraphs, lists, tables), in page order. */
function blocksOf(
  span: readonly Located[],
  weights: QueryWeights,
  options: ExtractiveOptions,
): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let lastParagraph = -1;
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({ text: capWords(paragraph.join(' '), options.maxWords ?? 120), citable: true });
    paragraph = [];
  };
  for (const { unit, headings } of span) {
    if (unit.kind === 'sentence') {
      if (unit.paragraph !== lastParagraph) flush();
      lastParagraph = unit.paragraph;
      paragraph.push(unit.text);
      continue;
    }
    flush();
    const list = listAnswer(unit, weights, options);
    const table = list.lines[1]?.startsWith('| ---') ?? false;
    // A table needs a line above it to carry the citation: its section heading, when alone.
    if (table && blocks.length === 0 && headings.trim())
      blocks.push({ text: `**${headings.trim()}**`, citable: true });
    blocks.push({ text: list.lines.join('\n'), citable: !table });
    if (list.more > 0)
      blocks.push({ text: `…and ${list.more} more ${list.noun} on that page.`, citable: true });
  }
  flush();
  return blocks;
}

/** The blocks as text, the citation marker on the last block that can carry it. */
function render(blocks: Block[], marker: string): string {
  let at = blocks.findLastIndex((b) => b.citable);
  if (at === -1) {
    blocks.unshift({ text: 'From the page:', citable: true });
    at = 0;
  }
  return blocks
    .map((b, i) => {
      if (i !== at) return b.text;
      const lines = b.text.split('\n');
      lines[lines.length - 1] = withMarker(lines.at(-1) ?? '', marker);
      return lines.join('\n');
    })
    .join('\n\n');
}

/**
 * The offline knowledge answer: from the top hit's page (every chunk of it among the top
 * passages), the sentences or the list that answer the question, with the page's debris and
 * own reference marks removed, cited `[1]`; plus a pointer to a second, different document when
 * it scores nearly as well. Every citation refers to a retrieved chunk and every number in the
 * text has a citation.
 */
export function extractiveAnswer(
  query: string,
  hits: readonly ScoredChunk[],
  options: ExtractiveOptions = {},
): ExtractiveAnswer {
  const [top] = hits;
  if (!top) return { text: '', citations: [] };
  const passages = hits.slice(0, options.passages ?? 8);
  const weights = new QueryWeights(
    query,
    passages.flatMap((h) => passageUnits(h.chunk.text).flatMap(unitTexts)),
  );
  const sameDocument = passages.flatMap((h, i) => (h.chunk.docId === top.chunk.docId ? [i] : []));
  const units = documentUnits(passages, sameDocument);
  const select: SelectOptions = {
    ...(options.maxWords !== undefined ? { maxWords: options.maxWords } : {}),
    ...(options.maxSentences !== undefined ? { maxUnits: options.maxSentences } : {}),
  };
  const span = bestSpan(units, weights, select);
  const source = passages[span[0]?.hit ?? 0] ?? top;
  const citations = [citationFor(source, 1)];
  let text =
    span.length > 0
      ? render(blocksOf(span, weights, options), '[1]')
      : `See **${heading(source)}** [1].`;
  const second = hits.find((h) => h.chunk.docId !== top.chunk.docId);
  if (second && strength(second) >= strength(top) * (options.secondSourceRatio ?? 0.85)) {
    citations.push(citationFor(second, 2));
    text += `\n\nSee also **${heading(second)}** [2].`;
  }
  return { text, citations };
}

/** Each sentence, heading and list item is one "document" when weighing the question's words. */
function unitTexts(unit: PassageUnit): string[] {
  return unit.kind === 'list' ? unit.items : [unit.text];
}

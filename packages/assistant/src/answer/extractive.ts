import type { Citation, ScoredChunk } from '@switchboard/core';
import { terms } from '@switchboard/text';
import { citationFor } from './citations.ts';
import { splitSentences } from './sentences.ts';

export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
}

export interface ExtractiveOptions {
  /** Longest passage quoted whole; longer ones are cut to their best sentences. @defaultValue 700 */
  wholePassageChars?: number;
  /** Sentences taken from a long passage. @defaultValue 4 */
  maxSentences?: number;
  /** A second source is cited only when its match strength is at least this share of the best. @defaultValue 0.85 */
  secondSourceRatio?: number;
}

/** The best contiguous run of sentences for the query: keeps steps in order and in context. */
function bestPassage(text: string, queryTerms: Set<string>, maxSentences: number): string {
  const sentences = splitSentences(text);
  if (sentences.length <= maxSentences) return sentences.join('\n');
  const scores = sentences.map((s) => terms(s).filter((t) => queryTerms.has(t)).length);
  let bestStart = 0;
  let bestScore = -1;
  for (let start = 0; start + maxSentences <= sentences.length; start++) {
    const windowScore = scores.slice(start, start + maxSentences).reduce((a, b) => a + b, 0);
    if (windowScore > bestScore) {
      bestScore = windowScore;
      bestStart = start;
    }
  }
  return sentences.slice(bestStart, bestStart + maxSentences).join('\n');
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

/**
 * The offline knowledge answer: the best passage quoted from the top hit (whole when short, else
 * its best sentences), plus a pointer to a second, different document when it scores nearly as
 * well. Every citation refers to a retrieved chunk and every number in the text has a citation.
 */
export function extractiveAnswer(
  query: string,
  hits: readonly ScoredChunk[],
  options: ExtractiveOptions = {},
): ExtractiveAnswer {
  const [top] = hits;
  if (!top) return { text: '', citations: [] };
  const queryTerms = new Set(terms(query));
  const whole = options.wholePassageChars ?? 700;
  const passage =
    top.chunk.text.length <= whole
      ? top.chunk.text.trim()
      : bestPassage(top.chunk.text, queryTerms, options.maxSentences ?? 4);
  const citations = [citationFor(top, 1)];
  let text = `Here's what our help centre says in **${heading(top)}** [1]:\n\n${passage}`;
  const second = hits.find((h) => h.chunk.docId !== top.chunk.docId);
  if (second && strength(second) >= strength(top) * (options.secondSourceRatio ?? 0.85)) {
    citations.push(citationFor(second, 2));
    text += `\n\nSee also **${heading(second)}** [2].`;
  }
  return { text, citations };
}

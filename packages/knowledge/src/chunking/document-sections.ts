import type { Chunk } from '@switchboard/core';

/** A run of a document's text under one heading trail, put back together from its chunks. */
export interface DocumentSection {
  /** Heading trail from the document root (document title excluded), as chunking recorded it. */
  path: string[];
  /** Paragraphs separated by blank lines. */
  text: string;
}

const sameTrail = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((heading, i) => heading === b[i]);

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * Length of the text both repeated at the end of `previous` and at the start of `next`: what the
 * size-based splitter copies between consecutive pieces of one section. Only whole words count
 * (the splitter cuts at paragraph, line, then word boundaries), so a section that merely starts
 * with the word the previous one ended with is not trimmed; 0 when there is no such overlap.
 */
export function overlapLength(previous: string, next: string): number {
  for (let length = Math.min(previous.length, next.length); length > 0; length--) {
    if (!isSpace(next[length]) || !isSpace(previous[previous.length - length - 1])) continue;
    if (isSpace(next[length - 1]) || isSpace(next[0])) continue;
    if (previous.endsWith(next.slice(0, length))) return length;
  }
  return 0;
}

/**
 * The readable text of a document from its chunks (in `position` order): consecutive chunks
 * with the same heading trail form one section, and the overlap the splitter repeated between
 * pieces of a long section is shown once. The inverse of chunking as far as a reader can tell;
 * Markdown inline syntax and exact paragraph breaks inside a split section are not restored.
 */
export function documentSections(chunks: readonly Chunk[]): DocumentSection[] {
  const sections: DocumentSection[] = [];
  let last: { section: DocumentSection; chunkText: string } | undefined;
  for (const chunk of chunks) {
    if (last && sameTrail(last.section.path, chunk.sectionPath)) {
      const overlap = overlapLength(last.chunkText, chunk.text);
      // With an overlap the cut was inside running text: keep the splitter's own separator.
      last.section.text += overlap > 0 ? chunk.text.slice(overlap) : `\n\n${chunk.text}`;
      last.chunkText = chunk.text;
      continue;
    }
    const section = { path: [...chunk.sectionPath], text: chunk.text };
    sections.push(section);
    last = { section, chunkText: chunk.text };
  }
  return sections;
}

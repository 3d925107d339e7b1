import type { Citation, ScoredChunk } from '@switchboard/core';
import { contentLines } from './debris.ts';

/** The start of a chunk as a customer may see it under a source: without the page's debris. */
function snippetOf(text: string): string {
  const clean = contentLines(text).filter(Boolean).join(' ');
  return (clean || text).slice(0, 240);
}

/** A citation for a retrieved chunk, numbered as it appears in the answer. */
export function citationFor(hit: ScoredChunk, index: number): Citation {
  const { chunk } = hit;
  return {
    index,
    chunkId: chunk.id,
    docId: chunk.docId,
    title: chunk.title,
    sectionPath: chunk.sectionPath,
    ...(chunk.url ? { url: chunk.url } : {}),
    snippet: snippetOf(chunk.text),
  };
}

/**
 * Keeps only citation markers that point at passages we actually supplied and returns the
 * matching citations (numbers unchanged, so text already streamed stays valid). A model can
 * invent "[7]"; a customer must never see a citation that leads nowhere.
 */
export function reconcileCitations(
  text: string,
  passages: readonly ScoredChunk[],
): { text: string; citations: Citation[] } {
  const cited = new Map<number, Citation>();
  const cleaned = text.replace(/\s?\[(\d+)\]/g, (marker, raw: string) => {
    const index = Number(raw);
    const hit = passages[index - 1];
    if (!hit) return '';
    if (!cited.has(index)) cited.set(index, citationFor(hit, index));
    return marker;
  });
  return { text: cleaned, citations: [...cited.values()].sort((a, b) => a.index - b.index) };
}

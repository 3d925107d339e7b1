import { type Section, tidyParagraphs } from './section.ts';

/**
 * Plain text is one section of paragraphs; the size-based splitter then packs whole paragraphs
 * into chunks, cutting inside one only when it alone is too long.
 */
export function textSections(text: string): Section[] {
  const tidy = tidyParagraphs(text.replace(/\r\n?/g, '\n'));
  return tidy ? [{ path: [], text: tidy }] : [];
}

import { basename, extname } from 'node:path';
import type { SourceDocument } from '@switchboard/core';
import { htmlTitle, markdownTitle, textTitle } from './titles.ts';

// Keyed by a file name's extension: a Map, never a lookup on Object.prototype.
const FORMAT_BY_EXTENSION: ReadonlyMap<string, SourceDocument['format']> = new Map([
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.txt', 'text'],
]);

/** Extensions (with the dot) of the files Switchboard reads as documents. */
export const DOCUMENT_EXTENSIONS: readonly string[] = [...FORMAT_BY_EXTENSION.keys()];

/**
 * A document from a file's decoded text: the format from its extension (unknown → text), the
 * title from its first heading / `<title>` / first line, else the file name.
 */
export function fileDocument(id: string, path: string, text: string): SourceDocument {
  const format = FORMAT_BY_EXTENSION.get(extname(path).toLowerCase()) ?? 'text';
  const title =
    (format === 'markdown'
      ? markdownTitle(text)
      : format === 'html'
        ? htmlTitle(text)
        : textTitle(text)) ?? basename(path);
  return { id, title, text, format };
}

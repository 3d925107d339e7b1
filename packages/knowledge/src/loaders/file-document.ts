import { basename, extname } from 'node:path';
import type { SourceDocument } from '@switchboard/core';
import { htmlTitle, markdownTitle, textTitle } from './titles.ts';

const FORMAT_BY_EXTENSION: Record<string, SourceDocument['format']> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

/** Extensions (with the dot) of the files Switchboard reads as documents. */
export const DOCUMENT_EXTENSIONS: readonly string[] = Object.keys(FORMAT_BY_EXTENSION);

/**
 * A document from a file's decoded text: the format from its extension (unknown → text), the
 * title from its first heading / `<title>` / first line, else the file name.
 */
export function fileDocument(id: string, path: string, text: string): SourceDocument {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()] ?? 'text';
  const title =
    (format === 'markdown'
      ? markdownTitle(text)
      : format === 'html'
        ? htmlTitle(text)
        : textTitle(text)) ?? basename(path);
  return { id, title, text, format };
}

import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { SourceDocument } from '@switchboard/core';
import { decodeUtf8 } from '@switchboard/text';
import { DOCUMENT_EXTENSIONS, fileDocument } from './file-document.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES, type LoadProblem, type LoadResult } from './load-result.ts';
import { walkFiles } from './walk-files.ts';

export interface LoadDirectoryOptions {
  /**
   * File extensions to read, with or without the dot.
   * @defaultValue `['.md', '.markdown', '.html', '.htm', '.txt']`
   */
  include?: string[];
  /** Copied to every document's `source` (e.g. "help-centre"). */
  source?: string;
  /**
   * Files larger than this are skipped and reported.
   * @defaultValue 5 MB
   */
  maxBytes?: number;
}

/**
 * Reads Markdown, HTML and text files under `root`, recursively. Dotfiles, dot-directories,
 * `node_modules` and symbolic links are skipped (links could loop or leave the root). The document
 * id is the POSIX path relative to `root`, so ids are the same on every OS. A file that cannot be
 * used is reported in `problems`; the others still load.
 */
export async function loadDirectory(
  root: string,
  options: LoadDirectoryOptions = {},
): Promise<LoadResult> {
  const include = new Set(
    (options.include ?? DOCUMENT_EXTENSIONS).map((e) =>
      (e.startsWith('.') ? e : `.${e}`).toLowerCase(),
    ),
  );
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const result: LoadResult = { documents: [], problems: [] };
  const ids = (await walkFiles(root)).filter((id) => include.has(extname(id).toLowerCase()));
  for (const id of ids) {
    const loaded = await loadFile(join(root, id), id, maxBytes);
    if ('reason' in loaded) {
      result.problems.push(loaded);
      continue;
    }
    if (options.source !== undefined) loaded.source = options.source;
    result.documents.push(loaded);
  }
  return result;
}

async function loadFile(
  path: string,
  id: string,
  maxBytes: number,
): Promise<SourceDocument | LoadProblem> {
  let bytes: Buffer;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) return { path: id, reason: `file is ${size} bytes, over ${maxBytes}` };
    bytes = await readFile(path);
  } catch (err) {
    return { path: id, reason: `unreadable: ${err instanceof Error ? err.message : String(err)}` };
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) return { path: id, reason: 'not valid UTF-8' };
  if (!text.trim()) return { path: id, reason: 'empty file' };
  return fileDocument(id, path, text);
}

import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { type SourceDocument, SwitchboardError } from '@switchboard/core';
import { decodeUtf8 } from '@switchboard/text';
import { DEFAULT_MAX_DOCUMENT_BYTES, type LoadProblem, type LoadResult } from './load-result.ts';
import { htmlTitle, markdownTitle, textTitle } from './titles.ts';

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

const FORMAT_BY_EXTENSION: Record<string, SourceDocument['format']> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

const DEFAULT_INCLUDE = Object.keys(FORMAT_BY_EXTENSION);

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
    (options.include ?? DEFAULT_INCLUDE).map((e) =>
      (e.startsWith('.') ? e : `.${e}`).toLowerCase(),
    ),
  );
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const result: LoadResult = { documents: [], problems: [] };
  const files = await listFiles(root, include);
  for (const path of files) {
    const id = relative(root, path).split(sep).join('/');
    const loaded = await loadFile(path, id, maxBytes);
    if ('reason' in loaded) {
      result.problems.push(loaded);
      continue;
    }
    if (options.source !== undefined) loaded.source = options.source;
    result.documents.push(loaded);
  }
  return result;
}

async function listFiles(root: string, include: ReadonlySet<string>): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      if (dir !== root) return; // an unreadable sub-directory is not worth failing the load
      throw new SwitchboardError('DATA_INVALID', `Cannot read directory ${root}`, {
        cause,
        details: { root },
      });
    }
    // Sorted so documents (and therefore ingest order) are the same on every run.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && include.has(extname(entry.name).toLowerCase())) out.push(path);
    }
  };
  await walk(root);
  return out;
}

async function loadFile(
  path: string,
  id: string,
  maxBytes: number,
): Promise<SourceDocument | LoadProblem> {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()] ?? 'text';
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
  const title =
    (format === 'markdown'
      ? markdownTitle(text)
      : format === 'html'
        ? htmlTitle(text)
        : textTitle(text)) ?? basename(path);
  return { id, title, text, format };
}

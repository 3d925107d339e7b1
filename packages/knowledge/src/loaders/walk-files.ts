import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '@switchboard/core';

/**
 * Every file under `root`, as POSIX paths relative to it (the document ids, the same on every
 * OS), sorted so ingest and sync order are the same on every run. Dotfiles, dot-directories,
 * `node_modules` and symbolic links are skipped (links could loop or leave the root); an
 * unreadable sub-directory is skipped, an unreadable root is DATA_INVALID.
 */
export async function walkFiles(
  root: string,
  options: { signal?: AbortSignal } = {},
): Promise<string[]> {
  const out: string[] = [];
  // Ids are built as the walk descends (`prefix` + name), not by `relative()` per file.
  const walk = async (dir: string, prefix: string): Promise<void> => {
    options.signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      if (dir !== root) return;
      throw new SwitchboardError('DATA_INVALID', `Cannot read directory ${root}`, {
        cause,
        details: { root },
      });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) out.push(`${prefix}${entry.name}`);
    }
  };
  await walk(root, '');
  return out;
}

import { type Stats, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { fileDocument, walkFiles } from '@switchboard/knowledge';
import { decodeUtf8 } from '@switchboard/text';
import type { Connector, DocumentRef, FetchResult, ListOptions } from '../../connector.ts';
import { PermanentSourceError } from '../../errors.ts';
import { createGlobMatcher } from '../../glob.ts';

export interface DirectoryConnectorOptions {
  /** Folder to read; document ids are POSIX paths relative to it. */
  root: string;
  /**
   * Glob patterns (`**`, `*`, `?`, `{a,b}`) matched against the relative POSIX path.
   * @defaultValue `['**\/*.{md,markdown,html,htm,txt}']`
   */
  include?: string[];
  /**
   * Files larger than this are refused with `too_large`.
   * @defaultValue 5 MB
   */
  maxBytes?: number;
  /** Copied to every document's `source` (the source's configured name). */
  source?: string;
}

export const DEFAULT_DIRECTORY_INCLUDE = ['**/*.{md,markdown,html,htm,txt}'];
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** Longest a listing holds the event loop before letting other work run. */
const LIST_SLICE_MS = 4;

/**
 * Files under a folder. `list` only walks and stats (fingerprint = `mtimeMs:size`), so a run over
 * an unchanged tree reads no file. Dotfiles, dot-directories, `node_modules` and symbolic links
 * are skipped, like the knowledge loader (links could loop or leave the root).
 */
export class DirectoryConnector implements Connector {
  readonly kind = 'directory';
  readonly #root: string;
  readonly #matches: (path: string) => boolean;
  readonly #maxBytes: number;
  readonly #source: string | undefined;

  constructor(options: DirectoryConnectorOptions) {
    this.#root = resolve(options.root);
    this.#matches = createGlobMatcher(options.include ?? DEFAULT_DIRECTORY_INCLUDE);
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#source = options.source;
  }

  async list(options: ListOptions = {}): Promise<DocumentRef[]> {
    const ids = (await walkFiles(this.#root, options)).filter((id) => this.#matches(id));
    // Synchronous stats, in slices of a few milliseconds with the event loop free in between: a
    // promise per file (one threadpool round trip each) made listing a large unchanged tree the
    // bulk of an unchanged run, even with many in flight.
    const refs: DocumentRef[] = [];
    let sliceStart = performance.now();
    for (const id of ids) {
      if (performance.now() - sliceStart > LIST_SLICE_MS) {
        await setImmediate();
        options.signal?.throwIfAborted();
        sliceStart = performance.now();
      }
      const info = statOrUndefined(join(this.#root, id)); // deleted while walking: skipped
      if (info) refs.push({ id, fingerprint: `${info.mtimeMs}:${info.size}` });
    }
    return refs;
  }

  async fetch(ref: DocumentRef): Promise<FetchResult> {
    const path = resolve(this.#root, ref.id);
    // A ref is data from the record store: never let it name a file outside the root.
    if (!path.startsWith(this.#root + sep)) {
      throw new PermanentSourceError('not_found', `${ref.id} is outside ${this.#root}`);
    }
    let bytes: Buffer;
    let fingerprint: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new PermanentSourceError('not_found', `${ref.id} is not a file`);
      if (info.size > this.#maxBytes) {
        throw new PermanentSourceError(
          'too_large',
          `${ref.id} is ${info.size} bytes, over ${this.#maxBytes}`,
          { details: { id: ref.id, size: info.size } },
        );
      }
      fingerprint = `${info.mtimeMs}:${info.size}`;
      bytes = await readFile(path);
    } catch (cause) {
      if (cause instanceof PermanentSourceError) throw cause;
      throw new PermanentSourceError('not_found', `Cannot read ${ref.id}`, {
        cause,
        details: { id: ref.id },
      });
    }
    const text = decodeUtf8(bytes);
    if (text === undefined) throw new PermanentSourceError('unparseable', `${ref.id} is not UTF-8`);
    if (!text.trim()) throw new PermanentSourceError('unparseable', `${ref.id} is empty`);
    const document = fileDocument(ref.id, path, text);
    if (this.#source !== undefined) document.source = this.#source;
    return { status: 'fetched', document, fingerprint };
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // unreadable (EACCES, ELOOP…): not listed, like a file gone meanwhile
  }
}

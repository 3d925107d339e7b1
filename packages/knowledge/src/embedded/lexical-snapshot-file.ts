import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@switchboard/core';
import { LexicalIndex, type LexicalIndexOptions } from '../lexical/lexical-index.ts';
import type { ChunkMirror } from './chunk-mirror.ts';

/**
 * The saved lexical index of one physical table, beside its LanceDB files:
 * `<directory>/<table>.lexical`. Each chunk in it carries a fingerprint of the fields it was
 * indexed from, so the file can never make search disagree with the table: at open, a chunk
 * whose stored row still analyses to the same fields keeps its saved entry, any other is analysed
 * again (see `ChunkMirror.adopt`). A missing, corrupt or outdated file is only a slower open.
 */
export class LexicalSnapshotFile {
  readonly file: string;
  readonly #directory: string;
  readonly #log: Logger;
  /** Lexical generation the file holds (-1: unknown, save at the next chance). */
  #saved = -1;

  constructor(options: { directory: string; table: string; log: Logger }) {
    this.#directory = options.directory;
    this.file = snapshotPath(options.directory, options.table);
    this.#log = options.log;
  }

  /** The saved index, or undefined (no file, or one that cannot be used: logged, never thrown). */
  async load(options: LexicalIndexOptions | undefined): Promise<LexicalIndex | undefined> {
    try {
      return await LexicalIndex.load(this.file, options);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#log.warn('index.lexical_snapshot_ignored', {
          file: this.file,
          message: err instanceof Error ? err.message : String(err),
        });
      }
      return undefined;
    }
  }

  /** The mirror's lexical index as of now is what the file holds (just loaded). */
  markSaved(mirror: ChunkMirror): void {
    this.#saved = mirror.lexicalGeneration;
  }

  /**
   * Saves the mirror's lexical index when it changed since the file was written. Never throws: a
   * failed save is logged, and the next open analyses what the file lacks.
   */
  async save(mirror: ChunkMirror): Promise<void> {
    const generation = mirror.lexicalGeneration;
    if (generation === this.#saved) return;
    try {
      if (await mirror.saveLexical(this.file)) this.#saved = generation;
    } catch (err) {
      this.#log.warn('index.lexical_snapshot_not_saved', {
        file: this.file,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }

  /** Removes the file of another table of the same directory (a dropped one). */
  async removeSibling(table: string): Promise<void> {
    await rm(snapshotPath(this.#directory, table), { force: true });
  }
}

function snapshotPath(directory: string, table: string): string {
  return join(directory, `${table}.lexical`);
}

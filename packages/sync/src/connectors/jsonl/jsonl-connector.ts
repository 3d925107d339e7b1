import { readFile, stat } from 'node:fs/promises';
import type { Connector, DocumentRef, FetchResult, ListOptions } from '../../connector.ts';
import { PermanentSourceError } from '../../errors.ts';
import { type CorpusProblem, type ParsedCorpus, parseCorpus } from './parse-corpus.ts';

export interface JsonlConnectorOptions {
  /** The corpus file: one `{ id, title?, text, url?, metadata? }` per line. */
  path: string;
  /** Copied to every document's `source` (the source's configured name). */
  source?: string;
}

/**
 * Documents of one JSON Lines corpus file. The parsed file is cached by `mtimeMs:size`, so a
 * `list` followed by many `fetch`es parses it once. Unusable lines are skipped by `list` and
 * exposed in `problems` for the run report.
 */
export class JsonlConnector implements Connector {
  readonly kind = 'jsonl';
  readonly #path: string;
  readonly #source: string | undefined;
  #cache: { stamp: string; corpus: ParsedCorpus } | undefined;

  constructor(options: JsonlConnectorOptions) {
    this.#path = options.path;
    this.#source = options.source;
  }

  /** Lines the last parse could not use (1-based line numbers). */
  get problems(): readonly CorpusProblem[] {
    return this.#cache?.corpus.problems ?? [];
  }

  async list(options: ListOptions = {}): Promise<DocumentRef[]> {
    options.signal?.throwIfAborted();
    const { records } = await this.#corpus();
    return [...records.entries()].map(([id, record]) => ({ id, fingerprint: record.fingerprint }));
  }

  async fetch(ref: DocumentRef): Promise<FetchResult> {
    const corpus = await this.#corpus();
    const record = corpus.records.get(ref.id);
    if (record) {
      const document = { ...record.document };
      if (this.#source !== undefined) document.source = this.#source;
      return { status: 'fetched', document, fingerprint: record.fingerprint };
    }
    const problem = corpus.problems.find((p) => p.id === ref.id);
    if (problem) {
      throw new PermanentSourceError('unparseable', `${ref.id}: ${problem.reason}`, {
        details: { id: ref.id, line: problem.line },
      });
    }
    throw new PermanentSourceError('not_found', `No record "${ref.id}" in ${this.#path}`, {
      details: { id: ref.id },
    });
  }

  async #corpus(): Promise<ParsedCorpus> {
    let stamp: string;
    try {
      const info = await stat(this.#path);
      stamp = `${info.mtimeMs}:${info.size}`;
      if (this.#cache?.stamp === stamp) return this.#cache.corpus;
      const corpus = parseCorpus(await readFile(this.#path));
      this.#cache = { stamp, corpus };
      return corpus;
    } catch (cause) {
      throw new PermanentSourceError('not_found', `Cannot read corpus file ${this.#path}`, {
        cause,
        details: { path: this.#path },
      });
    }
  }
}

import { readFile } from 'node:fs/promises';
import { type SourceDocument, SwitchboardError } from '@switchboard/core';
import { decodeUtf8 } from '@switchboard/text';
import { DEFAULT_MAX_DOCUMENT_BYTES, type LoadResult } from './load-result.ts';
import { looksLikeMarkdown, markdownTitle } from './titles.ts';

export interface LoadJsonlCorpusOptions {
  /** Copied to every document's `source`. */
  source?: string;
  /**
   * Lines (documents) longer than this many bytes are skipped and reported.
   * @defaultValue 5 MB
   */
  maxBytes?: number;
}

type Metadata = NonNullable<SourceDocument['metadata']>;

const NEWLINE = 0x0a;

/**
 * Reads a JSON Lines corpus, one document per line: `{ id, title?, text, url?, metadata? }`.
 * A line with bad UTF-8 or JSON, no id, empty text, an id already seen, or over `maxBytes` is
 * skipped and reported with its 1-based line number; the other lines still load. Documents whose
 * text has Markdown headings get format `markdown` (so chunking follows their sections), the rest
 * `text`. Without a title, the first `# ` heading or else the id is used.
 */
export async function loadJsonlCorpus(
  path: string,
  options: LoadJsonlCorpusOptions = {},
): Promise<LoadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new SwitchboardError('DATA_INVALID', `Cannot read corpus file ${path}`, {
      cause,
      details: { path },
    });
  }
  const result: LoadResult = { documents: [], problems: [] };
  const seen = new Set<string>();
  // Split on raw newline bytes (never inside a multi-byte UTF-8 sequence) so one bad line's
  // encoding does not take the whole file down.
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    const end = bytes.indexOf(NEWLINE, start);
    const stop = end === -1 ? bytes.length : end;
    const raw = bytes.subarray(start, stop);
    start = stop + 1;
    const parsed = parseLine(raw, maxBytes);
    if (parsed === undefined) continue;
    if (typeof parsed === 'string') {
      result.problems.push({ path, line, reason: parsed });
      continue;
    }
    if (seen.has(parsed.id)) {
      result.problems.push({ path, line, reason: `duplicate id "${parsed.id}"` });
      continue;
    }
    seen.add(parsed.id);
    if (options.source !== undefined) parsed.source = options.source;
    result.documents.push(parsed);
  }
  return result;
}

/** A document, a reason to skip the line, or `undefined` for a blank line. */
function parseLine(raw: Uint8Array, maxBytes: number): SourceDocument | string | undefined {
  if (raw.length > maxBytes) return `line is ${raw.length} bytes, over ${maxBytes}`;
  const text = decodeUtf8(raw);
  if (text === undefined) return 'not valid UTF-8';
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  return toDocument(value);
}

function toDocument(value: unknown): SourceDocument | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'line is not a JSON object';
  }
  const record = value as Record<string, unknown>;
  const id =
    typeof record.id === 'number' ? String(record.id) : stringField(record.id)?.trim() || undefined;
  if (id === undefined) return 'missing id';
  const body = stringField(record.text);
  if (body === undefined || !body.trim()) return 'empty text';
  const format = looksLikeMarkdown(body) ? 'markdown' : 'text';
  const title =
    stringField(record.title)?.trim() || (format === 'markdown' ? markdownTitle(body) : undefined);
  const doc: SourceDocument = { id, title: title ?? id, text: body, format };
  const url = stringField(record.url);
  if (url) doc.url = url;
  const metadata = primitiveMetadata(record.metadata);
  if (metadata) doc.metadata = metadata;
  return doc;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// The contract allows only flat string/number/boolean metadata (it is stored and filtered on as
// is); nested values are dropped rather than failing the whole document.
function primitiveMetadata(value: unknown): Metadata | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // Keys come from the corpus: null prototype, so a "__proto__" key is kept as data.
  const out: Metadata = Object.create(null);
  for (const [key, v] of Object.entries(value)) {
    if (
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v))
    ) {
      out[key] = v;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

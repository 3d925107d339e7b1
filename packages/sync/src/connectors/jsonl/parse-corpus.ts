import type { SourceDocument } from '@switchboard/core';
import { markdownTitle } from '@switchboard/knowledge';
import { decodeUtf8, sha256 } from '@switchboard/text';

/** One usable line of the corpus. */
export interface CorpusRecord {
  document: SourceDocument;
  /** sha256 of the line as written, so any edit to the record changes it. */
  fingerprint: string;
}

/** A line that could not be used; `id` is set when the line named one (so fetch can say why). */
export interface CorpusProblem {
  line: number;
  reason: string;
  id?: string;
}

export interface ParsedCorpus {
  records: Map<string, CorpusRecord>;
  problems: CorpusProblem[];
}

type Metadata = NonNullable<SourceDocument['metadata']>;

const NEWLINE = 0x0a;

/**
 * Parses a JSON Lines corpus, one `{ id, title?, text, url?, metadata? }` per line, the same
 * shape the knowledge loader reads. Bad lines are collected, never thrown; the first record of a
 * duplicated id wins.
 */
export function parseCorpus(bytes: Uint8Array): ParsedCorpus {
  const corpus: ParsedCorpus = { records: new Map(), problems: [] };
  // Split on raw newline bytes so one line's bad encoding does not take the whole file down.
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    const end = bytes.indexOf(NEWLINE, start);
    const stop = end === -1 ? bytes.length : end;
    const raw = decodeUtf8(bytes.subarray(start, stop));
    start = stop + 1;
    if (raw === undefined) {
      corpus.problems.push({ line, reason: 'not valid UTF-8' });
      continue;
    }
    const text = raw.trim();
    if (!text) continue;
    const parsed = parseRecord(text);
    if ('reason' in parsed) {
      corpus.problems.push({ line, ...parsed });
    } else if (corpus.records.has(parsed.id)) {
      corpus.problems.push({ line, reason: `duplicate id "${parsed.id}"` });
    } else {
      corpus.records.set(parsed.id, { document: parsed, fingerprint: sha256(text) });
    }
  }
  return corpus;
}

function parseRecord(line: string): SourceDocument | { reason: string; id?: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { reason: 'line is not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const id =
    typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : '';
  if (!id) return { reason: 'missing id' };
  if (typeof record.text !== 'string' || !record.text.trim()) return { reason: 'empty text', id };
  const text = record.text;
  const hasHeadings = /^ {0,3}#{1,6}[ \t]+\S/m.test(text);
  const title =
    (typeof record.title === 'string' && record.title.trim()) ||
    (hasHeadings ? markdownTitle(text) : undefined) ||
    id;
  const document: SourceDocument = { id, title, text, format: hasHeadings ? 'markdown' : 'text' };
  if (typeof record.url === 'string') document.url = record.url;
  const metadata = flatMetadata(record.metadata);
  if (metadata) document.metadata = metadata;
  return document;
}

/** Keeps only scalar metadata values; nested objects cannot be filtered on in the index. */
function flatMetadata(value: unknown): Metadata | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // Keys come from the corpus: null prototype, so a "__proto__" key is kept as data.
  const out: Metadata = Object.create(null);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

import type { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { type Chunk, type SourceDocument, SwitchboardError } from '@switchboard/core';
import { sha256 } from '@switchboard/text';
import { htmlSections } from './html-sections.ts';
import { markdownSections } from './markdown-sections.ts';
import type { Section } from './section.ts';
import { textSections } from './text-sections.ts';

export interface ChunkOptions {
  /**
   * Longest chunk, in characters. Sections longer than this are split at paragraph, line, then
   * word boundaries.
   * @defaultValue 1200
   */
  maxChars?: number;
  /**
   * Characters repeated between consecutive pieces of one split section, so a sentence cut at a
   * boundary is still whole in one of them. Must be smaller than `maxChars`.
   * @defaultValue 150
   */
  overlapChars?: number;
}

export const DEFAULT_MAX_CHARS = 1200;
export const DEFAULT_OVERLAP_CHARS = 150;

/**
 * Cuts a document into chunks along its structure: Markdown and HTML sections by heading, plain
 * text by paragraph; a section over `maxChars` is split with LangChain's
 * `RecursiveCharacterTextSplitter` (async, hence this function is). Each chunk's `hash` fingerprints
 * everything stored with it except its position (text, title, section path, url, source,
 * metadata), and its id is derived from document id + that fingerprint, so an unchanged chunk
 * keeps its id across ingests while a renamed heading or moved URL yields a new chunk (and the
 * old one is deleted as stale). Identical chunks within one document are kept once.
 */
export async function chunkDocument(
  doc: SourceDocument,
  options: ChunkOptions = {},
): Promise<Chunk[]> {
  const limits = chunkLimits(options);
  // Made for the first section too long to keep whole (most documents have none).
  let splitter: RecursiveCharacterTextSplitter | undefined;
  const chunks: Chunk[] = [];
  const seen = new Set<string>();
  for (const section of sectionsOf(doc)) {
    let pieces = [section.text];
    if (section.text.length > limits.maxChars) {
      splitter ??= await createSplitter(limits);
      pieces = await splitter.splitText(section.text);
    }
    for (const piece of pieces) {
      const text = piece.trim();
      if (!text) continue;
      const chunk = toChunk({ doc, section, text, position: chunks.length });
      if (seen.has(chunk.id)) continue;
      seen.add(chunk.id);
      chunks.push(chunk);
    }
  }
  return chunks;
}

/** `<docId>#<first 16 hex of sha256(docId + "\u0000" + fingerprint)>`. */
export function chunkId(docId: string, fingerprint: string): string {
  return `${docId}#${sha256(`${docId}\u0000${fingerprint}`).slice(0, 16)}`;
}

/** sha256 over every stored field but position; key order is fixed so the value is stable. */
export function chunkFingerprint(chunk: Omit<Chunk, 'id' | 'hash' | 'position'>): string {
  return sha256(
    JSON.stringify([
      chunk.text,
      chunk.title,
      chunk.sectionPath,
      chunk.url ?? null,
      chunk.source ?? null,
      chunk.metadata ? Object.entries(chunk.metadata).sort(([a], [b]) => a.localeCompare(b)) : null,
    ]),
  );
}

function sectionsOf(doc: SourceDocument): Section[] {
  switch (doc.format) {
    case 'markdown':
      return markdownSections(doc.text, doc.title);
    case 'html':
      return htmlSections(doc.text, doc.title);
    default:
      return textSections(doc.text);
  }
}

function chunkLimits(options: ChunkOptions): { maxChars: number; overlapChars: number } {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const overlapChars = options.overlapChars ?? DEFAULT_OVERLAP_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new SwitchboardError('BAD_REQUEST', 'maxChars must be a positive integer', {
      details: { maxChars },
    });
  }
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars >= maxChars) {
    throw new SwitchboardError('BAD_REQUEST', 'overlapChars must be an integer in [0, maxChars)', {
      details: { maxChars, overlapChars },
    });
  }
  return { maxChars, overlapChars };
}

/** LangChain's splitter, imported on first use: a start with no document to chunk never loads it. */
async function createSplitter(limits: {
  maxChars: number;
  overlapChars: number;
}): Promise<RecursiveCharacterTextSplitter> {
  const { RecursiveCharacterTextSplitter } = await import('@langchain/textsplitters');
  return new RecursiveCharacterTextSplitter({
    chunkSize: limits.maxChars,
    chunkOverlap: limits.overlapChars,
  });
}

function toChunk(input: {
  doc: SourceDocument;
  section: Section;
  text: string;
  position: number;
}): Chunk {
  const { doc, section, text, position } = input;
  const fields: Omit<Chunk, 'id' | 'hash' | 'position'> = {
    docId: doc.id,
    title: doc.title,
    sectionPath: section.path,
    text,
  };
  const url = sectionUrl(doc.url, section.anchor);
  if (url !== undefined) fields.url = url;
  if (doc.source !== undefined) fields.source = doc.source;
  if (doc.metadata !== undefined) fields.metadata = { ...doc.metadata };
  const hash = chunkFingerprint(fields);
  return { id: chunkId(doc.id, hash), hash, position, ...fields };
}

// A deep link to the section's heading when the page gives it an id; an existing fragment in
// the document URL is replaced, since a URL has only one.
function sectionUrl(url: string | undefined, anchor: string | undefined): string | undefined {
  if (url === undefined || anchor === undefined) return url;
  const base = url.split('#')[0] ?? url;
  return `${base}#${encodeURIComponent(anchor)}`;
}

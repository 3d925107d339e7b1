import { createRequire } from 'node:module';
import type { Chunk, EmbeddedChunk } from '@switchboard/core';
import type * as Arrow from 'apache-arrow';
import type { Field, Schema } from 'apache-arrow';

/**
 * apache-arrow's CommonJS build, the copy LanceDB itself loads (it is CommonJS): importing the
 * package from here would load its ES build as well, a second copy of ~130 modules at each start.
 */
const arrow = (): typeof Arrow => createRequire(import.meta.url)('apache-arrow');

/**
 * One stored row. List-like and map-like fields are JSON strings: simple, and stable across Arrow
 * versions. A type alias, not an interface, so it is assignable to LanceDB's `Record<string, unknown>`.
 */
export type ChunkRow = {
  id: string;
  docId: string;
  title: string;
  sectionPath: string;
  text: string;
  hash: string;
  position: number;
  url: string | null;
  source: string | null;
  metadata: string | null;
  vector?: number[] | null;
};

export const VECTOR_COLUMN = 'vector';

/** Every column but the vector: what the in-memory mirror needs. */
export const CHUNK_COLUMNS = [
  'id',
  'docId',
  'title',
  'sectionPath',
  'text',
  'hash',
  'position',
  'url',
  'source',
  'metadata',
] as const;

/**
 * The explicit table schema (inferring it from the first batch would make a null `url` in the
 * first row fix the column's type). The vector column exists only once a dimension is known.
 */
export function chunkSchema(dimension?: number): Schema {
  const { Field, Int32, Schema, Utf8 } = arrow();
  const fields = [
    new Field('id', new Utf8(), false),
    new Field('docId', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('sectionPath', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('hash', new Utf8(), false),
    new Field('position', new Int32(), false),
    new Field('url', new Utf8(), true),
    new Field('source', new Utf8(), true),
    new Field('metadata', new Utf8(), true),
  ];
  if (dimension !== undefined) fields.push(vectorField(dimension));
  return new Schema(fields);
}

export function vectorField(dimension: number): Field {
  const { Field, FixedSizeList, Float32 } = arrow();
  return new Field(
    VECTOR_COLUMN,
    new FixedSizeList(dimension, new Field('item', new Float32(), true)),
    true,
  );
}

/** SQL that adds an all-null vector column of this dimension to an existing table. */
export function nullVectorSql(dimension: number): string {
  return `arrow_cast(NULL, 'FixedSizeList(${dimension}, Float32)')`;
}

export function toRow(chunk: EmbeddedChunk, withVector: boolean): ChunkRow {
  const row: ChunkRow = {
    id: chunk.id,
    docId: chunk.docId,
    title: chunk.title,
    sectionPath: JSON.stringify(chunk.sectionPath),
    text: chunk.text,
    hash: chunk.hash,
    position: chunk.position,
    url: chunk.url ?? null,
    source: chunk.source ?? null,
    metadata: chunk.metadata === undefined ? null : JSON.stringify(chunk.metadata),
  };
  // A chunk upserted without a vector replaces a stored one: its old vector no longer matches it.
  if (withVector) row.vector = chunk.vector ?? null;
  return row;
}

/** A chunk from a stored row; throws when the row cannot be one (the caller skips and reports it). */
export function fromRow(row: Record<string, unknown>): Chunk {
  const sectionPath: unknown = JSON.parse(String(row.sectionPath));
  if (!Array.isArray(sectionPath) || !sectionPath.every((part) => typeof part === 'string')) {
    throw new Error('sectionPath is not a list of strings');
  }
  const chunk: Chunk = {
    id: String(row.id),
    docId: String(row.docId),
    title: String(row.title),
    sectionPath,
    text: String(row.text),
    hash: String(row.hash),
    position: Number(row.position),
  };
  if (typeof row.url === 'string') chunk.url = row.url;
  if (typeof row.source === 'string') chunk.source = row.source;
  if (typeof row.metadata === 'string') {
    chunk.metadata = JSON.parse(row.metadata) as NonNullable<Chunk['metadata']>;
  }
  return chunk;
}

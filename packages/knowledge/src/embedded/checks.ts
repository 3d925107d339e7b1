import { type EmbeddedChunk, SwitchboardError } from '@switchboard/core';

/**
 * Validates a batch before it is written and returns its vector dimension (undefined when no
 * chunk has a vector). All vectors must share the index's dimension, fixed by the first vector
 * ever upserted: mixing dimensions would make every distance meaningless.
 */
export function checkChunks(
  chunks: EmbeddedChunk[],
  stored: number | undefined,
): number | undefined {
  let dimension = stored;
  for (const chunk of chunks) {
    if (
      typeof chunk.id !== 'string' ||
      chunk.id === '' ||
      typeof chunk.docId !== 'string' ||
      chunk.docId === ''
    ) {
      throw invalid('A chunk needs a non-empty id and docId', { id: chunk.id, docId: chunk.docId });
    }
    // Checked before the write: a row that cannot be read back or analysed must not be stored.
    if (
      typeof chunk.text !== 'string' ||
      typeof chunk.title !== 'string' ||
      !Array.isArray(chunk.sectionPath) ||
      !chunk.sectionPath.every((part) => typeof part === 'string') ||
      !Number.isInteger(chunk.position)
    ) {
      throw invalid(`Chunk ${chunk.id} is malformed (text, title, sectionPath or position)`, {
        id: chunk.id,
      });
    }
    const vector = chunk.vector;
    if (vector === undefined) continue;
    if (vector.length === 0 || !vector.every(Number.isFinite)) {
      throw invalid(`Chunk ${chunk.id} has an empty or non-finite vector`, { id: chunk.id });
    }
    dimension ??= vector.length;
    if (vector.length !== dimension) {
      throw invalid(
        `Chunk ${chunk.id} has a ${vector.length}-dimensional vector; this index stores ${dimension} dimensions`,
        { id: chunk.id, expected: dimension, received: vector.length },
      );
    }
  }
  return dimension;
}

/** Limits are non-negative integers (0 asks for nothing). */
export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new SwitchboardError('BAD_REQUEST', 'Search limit must be a non-negative integer', {
      details: { limit },
    });
  }
}

/**
 * A query vector must match the stored dimension (else the index was built with another
 * embedding model). Returns false for an all-zero vector, which has no cosine neighbours.
 */
export function checkQueryVector(vector: number[], dimension: number): boolean {
  if (vector.length !== dimension || !vector.every(Number.isFinite)) {
    throw invalid(
      `Query vector has ${vector.length} dimensions; this index stores ${dimension} (was it built with another embedder?)`,
      { expected: dimension, received: vector.length },
    );
  }
  return vector.some((x) => x !== 0);
}

function invalid(message: string, details: Record<string, unknown>): SwitchboardError {
  return new SwitchboardError('DATA_INVALID', message, { details });
}

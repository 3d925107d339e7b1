import type { Chunk } from '@switchboard/core';

/**
 * What is embedded for a chunk: its document title and section trail, then its text. A chunk
 * such as "Press and hold for ten seconds." means little alone; "Router help > Reset" tells the
 * embedding model what it is about. Backends store the vector, never this text.
 */
export function embeddingText(chunk: Pick<Chunk, 'title' | 'sectionPath' | 'text'>): string {
  const trail = [chunk.title, ...chunk.sectionPath].filter((part) => part.trim() !== '');
  return trail.length > 0 ? `${trail.join(' > ')}\n\n${chunk.text}` : chunk.text;
}

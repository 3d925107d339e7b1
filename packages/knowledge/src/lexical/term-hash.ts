const encoder = new TextEncoder();
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a of the term's UTF-8 bytes: a stable, dependency-free uint32 dimension for sparse
 * vectors, identical across processes and languages, so vectors written today match queries
 * encoded by a later release (as long as the analyser is unchanged).
 */
export function termHash(term: string): number {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(term)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

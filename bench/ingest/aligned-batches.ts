/**
 * Cuts a list of chunks into batches of at most `maxSize` whose boundaries never fall inside a
 * document: a batch holds whole documents only (one document with more than `maxSize` chunks
 * gets a batch of its own). LangChain's `index()` cleans up per batch, so a document split
 * across two batches has the chunks of the second half deleted and re-embedded on every run;
 * aligned batches are how it is meant to be run. Chunks of a document must be adjacent.
 */
export function documentAlignedBatches<T>(
  chunks: readonly T[],
  sourceOf: (chunk: T) => string,
  maxSize: number,
): T[][] {
  if (!Number.isInteger(maxSize) || maxSize < 1)
    throw new RangeError(`maxSize must be a positive integer, got ${maxSize}`);
  const documents: T[][] = [];
  const seen = new Set<string>();
  for (const chunk of chunks) {
    const source = sourceOf(chunk);
    const current = documents.at(-1);
    if (current && sourceOf(current[0]!) === source) {
      current.push(chunk);
      continue;
    }
    if (seen.has(source)) throw new Error(`chunks of ${source} are not adjacent`);
    seen.add(source);
    documents.push([chunk]);
  }
  const batches: T[][] = [];
  for (const document of documents) {
    const last = batches.at(-1);
    if (last && last.length + document.length <= maxSize) last.push(...document);
    else batches.push([...document]);
  }
  return batches;
}

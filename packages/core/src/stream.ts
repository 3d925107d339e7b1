/**
 * Streams `primary`; if it fails before yielding anything (and was not aborted), streams
 * `fallback()` instead and calls `onFallback` with the error. A failure after the first piece is
 * rethrown: the customer has already seen part of that answer, so mixing in another one would
 * be worse than reporting the error.
 */
export async function* streamWithFallback(
  primary: AsyncIterable<string>,
  fallback: () => AsyncIterable<string> | Iterable<string>,
  options: { signal?: AbortSignal; onFallback?: (error: unknown) => void } = {},
): AsyncGenerator<string> {
  let started = false;
  try {
    for await (const piece of primary) {
      started = true;
      yield piece;
    }
  } catch (error) {
    if (started || options.signal?.aborted) throw error;
    options.onFallback?.(error);
    yield* fallback();
  }
}

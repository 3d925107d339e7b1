/**
 * Streams `primary`; if it fails (and was not aborted by the caller), streams `fallback()`
 * instead and calls `onFallback` with the error.
 *
 * A failure after the first piece is rethrown by default: the customer has already seen part of
 * that answer. With `midStream: true` it falls back too (a provider that stalls mid-answer must
 * not leave the customer with half a sentence): `onFallback` learns that pieces were already
 * streamed (`started`), and a `separator` piece sets the fallback apart from them. The caller
 * then decides the final text (the answer path keeps only the fallback, see the assistant).
 */
export async function* streamWithFallback(
  primary: AsyncIterable<string>,
  fallback: () => AsyncIterable<string> | Iterable<string>,
  options: {
    signal?: AbortSignal;
    onFallback?: (error: unknown, info: { started: boolean }) => void;
    /** Fall back after a failure mid-stream too. @defaultValue false */
    midStream?: boolean;
    /** Streamed between the abandoned pieces and the fallback. @defaultValue '\n\n' */
    separator?: string;
  } = {},
): AsyncGenerator<string> {
  let started = false;
  try {
    for await (const piece of primary) {
      started = true;
      yield piece;
    }
  } catch (error) {
    if ((started && !options.midStream) || options.signal?.aborted) throw error;
    options.onFallback?.(error, { started });
    if (started) yield options.separator ?? '\n\n';
    yield* fallback();
  }
}

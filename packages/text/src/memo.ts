/**
 * A pure function of a string, remembered for the `capacity` most recently used inputs (a Map
 * keeps insertion order, so re-inserting on a hit makes the first key the least recently used).
 * For work repeated across messages on the same texts, e.g. parsing the same help-centre chunks.
 * The result is shared between callers: they must not mutate it.
 */
export function memoized<T>(compute: (text: string) => T, capacity: number): (text: string) => T {
  const cache = new Map<string, T>();
  return (text: string): T => {
    const hit = cache.get(text);
    if (hit !== undefined) {
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    const value = compute(text);
    cache.set(text, value);
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
    return value;
  };
}

/**
 * Grows a typed array to at least `length` entries, keeping its contents: by half its size at a
 * time (amortised O(1) per entry, at most a third of it unused; doubling left up to half of the
 * largest arrays, the keys', empty).
 */
export function grown<T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(
  array: T,
  length: number,
): T {
  if (array.length >= length) return array;
  const next = new (array.constructor as new (n: number) => T)(
    Math.max(length, Math.ceil(array.length * 1.5), 16),
  );
  next.set(array);
  return next;
}

/** A bucket is three Int32: first term id, second term id, pair key id + 1 (0 = empty). */
const BUCKET = 3;
const MIN_BUCKETS = 1024;
/** Buckets are doubled when pairs would fill more than this share of them. */
const MAX_LOAD = 0.7;

/**
 * Numbers the index's keys: unigram terms through a `Map`, bigrams as pairs of unigram ids in an
 * open-addressing hash table of typed arrays (a probe reads one bucket, pair and id together). A
 * help centre has few distinct terms but millions of distinct bigrams (1.5 M at 100k chunks), and
 * a string plus a map entry per bigram was most of the old index's memory; a pair costs 17–34
 * bytes here. Unigram and bigram keys share one id space; ids are dense, from 0.
 */
export class KeyDictionary {
  #terms = new Map<string, number>();
  #buckets = new Int32Array(MIN_BUCKETS * BUCKET);
  #pairs = 0;
  #size = 0;

  /** Number of keys (unigrams and bigrams). */
  get size(): number {
    return this.#size;
  }

  /** Id of a unigram term, created when missing. */
  termId(term: string): number {
    const known = this.#terms.get(term);
    if (known !== undefined) return known;
    const id = this.#size++;
    this.#terms.set(term, id);
    return id;
  }

  /** Id of the bigram of two unigram ids, created when missing. */
  pairId(first: number, second: number): number {
    const at = this.#find(first, second);
    const held = this.#buckets[at + 2]!;
    if (held !== 0) return held - 1;
    const id = this.#size++;
    this.#put(at, first, second, id);
    return id;
  }

  /**
   * Id of a key as the query planner names it: a unigram term, or a bigram key "first second"
   * (terms never contain a space); -1 when the index has never seen it.
   */
  lookup(key: string): number {
    const space = key.indexOf(' ');
    if (space === -1) return this.#terms.get(key) ?? -1;
    const first = this.#terms.get(key.slice(0, space));
    const second = this.#terms.get(key.slice(space + 1));
    if (first === undefined || second === undefined) return -1;
    return this.#buckets[this.#find(first, second) + 2]! - 1;
  }

  /**
   * Keeps only the keys with `renumber[id] >= 0`, under those ids (dense from 0, in the same
   * order). A kept bigram's two terms must be kept too (they are: a chunk with the bigram has
   * both terms in the same field).
   */
  renumber(renumber: Int32Array, size: number): void {
    const terms = new Map<string, number>();
    for (const [term, id] of this.#terms) {
      const to = renumber[id]!;
      if (to >= 0) terms.set(term, to);
    }
    const old = this.#buckets;
    this.#terms = terms;
    this.#size = size;
    this.#buckets = new Int32Array(bucketsFor(this.#pairs) * BUCKET);
    this.#pairs = 0;
    for (let at = 0; at < old.length; at += BUCKET) {
      const held = old[at + 2]!;
      if (held === 0) continue;
      const to = renumber[held - 1]!;
      if (to < 0) continue;
      const first = renumber[old[at]!]!;
      const second = renumber[old[at + 1]!]!;
      this.#put(this.#find(first, second), first, second, to);
    }
  }

  /** The unigram terms and their ids (for saving). */
  terms(): IterableIterator<[string, number]> {
    return this.#terms.entries();
  }

  /** Per key, the pair's unigram ids, or -1 for a unigram key (for saving). */
  pairColumns(): { first: Int32Array; second: Int32Array } {
    const first = new Int32Array(this.#size).fill(-1);
    const second = new Int32Array(this.#size).fill(-1);
    const buckets = this.#buckets;
    for (let at = 0; at < buckets.length; at += BUCKET) {
      const held = buckets[at + 2]!;
      if (held === 0) continue;
      first[held - 1] = buckets[at]!;
      second[held - 1] = buckets[at + 1]!;
    }
    return { first, second };
  }

  /**
   * A dictionary read back from saved columns (see `terms` and `pairColumns`). Throws on
   * columns that do not describe a valid dictionary.
   */
  static restore(options: {
    terms: readonly string[];
    termIds: Int32Array;
    first: Int32Array;
    second: Int32Array;
  }): KeyDictionary {
    const { terms, termIds, first, second } = options;
    const size = first.length;
    if (second.length !== size || termIds.length !== terms.length) {
      throw new Error('dictionary columns differ in length');
    }
    const dictionary = new KeyDictionary();
    dictionary.#size = size;
    dictionary.#buckets = new Int32Array(bucketsFor(size - terms.length) * BUCKET);
    const isTerm = new Uint8Array(size);
    terms.forEach((term, i) => {
      const id = termIds[i]!;
      if (!(id >= 0 && id < size) || first[id] !== -1 || isTerm[id] || term.includes(' ')) {
        throw new Error(`bad term entry ${i}`);
      }
      isTerm[id] = 1;
      dictionary.#terms.set(term, id);
    });
    if (dictionary.#terms.size !== terms.length) throw new Error('repeated term');
    for (let id = 0; id < size; id++) {
      if (isTerm[id]) continue;
      const a = first[id]!;
      const b = second[id]!;
      if (!(a >= 0 && a < size && b >= 0 && b < size && isTerm[a] && isTerm[b])) {
        throw new Error(`bad key ${id}`);
      }
      const at = dictionary.#find(a, b);
      if (dictionary.#buckets[at + 2] !== 0) throw new Error('repeated pair');
      dictionary.#put(at, a, b, id);
    }
    return dictionary;
  }

  /** Bucket offset of the pair: where it is, or the empty bucket where it would go. */
  #find(first: number, second: number): number {
    const buckets = this.#buckets;
    const mask = buckets.length / BUCKET - 1;
    for (let i = pairHash(first, second) & mask; ; i = (i + 1) & mask) {
      const at = i * BUCKET;
      if (buckets[at + 2] === 0 || (buckets[at] === first && buckets[at + 1] === second)) {
        return at;
      }
    }
  }

  /** Fills the empty bucket at `at` (from #find), growing the table when it gets too full. */
  #put(at: number, first: number, second: number, id: number): void {
    this.#buckets[at] = first;
    this.#buckets[at + 1] = second;
    this.#buckets[at + 2] = id + 1;
    if (++this.#pairs <= MAX_LOAD * (this.#buckets.length / BUCKET)) return;
    const old = this.#buckets;
    this.#buckets = new Int32Array(old.length * 2);
    for (let from = 0; from < old.length; from += BUCKET) {
      const held = old[from + 2]!;
      if (held === 0) continue;
      const to = this.#find(old[from]!, old[from + 1]!);
      this.#buckets.set(old.subarray(from, from + BUCKET), to);
    }
  }
}

/** Smallest power of two of buckets that holds `pairs` within MAX_LOAD (at least MIN_BUCKETS). */
function bucketsFor(pairs: number): number {
  let buckets = MIN_BUCKETS;
  while (pairs > MAX_LOAD * buckets) buckets *= 2;
  return buckets;
}

function pairHash(first: number, second: number): number {
  let h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

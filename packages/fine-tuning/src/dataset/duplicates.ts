/**
 * Exact and near-duplicate detection over (question, answer) pairs. Near duplicates use MinHash
 * with LSH banding: each record is hashed once (O(n · shingles)), only records sharing a band
 * bucket are compared, and each record is compared with a bounded number of candidates, so 27k
 * rows stay well under a second per thousand records.
 */

/** Lower-case, punctuation as spaces, single spaces: the form duplicates are compared in. */
export function normaliseForComparison(text: string): string {
  return text
    .toLowerCase()
    .replace(/\{\{[^{}]*\}\}/g, (p) => p.replace(/\s+/g, '_'))
    .replace(/[^\p{L}\p{N}{}_]+/gu, ' ')
    .trim();
}

/** FNV-1a: a fast 32-bit string hash for shingles. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Word 3-grams (single words for very short texts), hashed, sorted and unique. */
export function shingles(normalised: string): Uint32Array {
  const words = normalised.split(' ').filter(Boolean);
  const size = words.length >= 3 ? 3 : 1;
  const set = new Set<number>();
  for (let i = 0; i + size <= words.length; i++) set.add(fnv1a(words.slice(i, i + size).join(' ')));
  return Uint32Array.from(set).sort();
}

/** Exact Jaccard similarity of two sorted, unique hash arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

const BANDS = 8;
const ROWS = 8;
/** Per-permutation seeds for the 64 MinHash functions (fixed: results are reproducible). */
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

/** A 32-bit integer mix (murmur3's finaliser) keyed by a seed: one MinHash permutation. */
function mix(value: number, seed: number): number {
  let h = (value ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function minHash(set: Uint32Array): Uint32Array {
  const signature = new Uint32Array(SEEDS.length).fill(0xffffffff);
  for (const value of set) {
    for (let k = 0; k < SEEDS.length; k++) {
      const h = mix(value, SEEDS[k]!);
      if (h < signature[k]!) signature[k] = h;
    }
  }
  return signature;
}

export interface DuplicateFinding {
  /** Index (into the input) of the record this one duplicates. */
  of: number;
  /** 1 for exact duplicates, the Jaccard similarity for near ones. */
  similarity: number;
}

export interface DuplicateReport {
  exact: Map<number, DuplicateFinding>;
  near: Map<number, DuplicateFinding>;
}

export interface FindDuplicatesOptions {
  /** Jaccard similarity of word 3-grams at or above which two pairs are near duplicates. @defaultValue 0.9 */
  threshold?: number;
  /** Candidates verified per record; bounds the cost in large template families. @defaultValue 25 */
  maxCandidates?: number;
}

/**
 * Finds, for each record, an earlier record it duplicates: exactly (same normalised question
 * and answer) or nearly (MinHash candidates confirmed by exact Jaccard ≥ threshold).
 */
export function findDuplicates(
  pairs: ReadonlyArray<{ question: string; answer: string }>,
  options: FindDuplicatesOptions = {},
): DuplicateReport {
  const threshold = options.threshold ?? 0.9;
  const maxCandidates = options.maxCandidates ?? 25;
  const exact = new Map<number, DuplicateFinding>();
  const near = new Map<number, DuplicateFinding>();
  const firstByKey = new Map<string, number>();
  const buckets = new Map<string, number[]>();
  const sets: Uint32Array[] = [];
  pairs.forEach((pair, index) => {
    const question = normaliseForComparison(pair.question);
    const answer = normaliseForComparison(pair.answer);
    const set = shingles(`${question} ${answer}`);
    sets.push(set);
    const key = `${question}\u0001${answer}`;
    const first = firstByKey.get(key);
    if (first !== undefined) {
      exact.set(index, { of: first, similarity: 1 });
      return;
    }
    firstByKey.set(key, index);
    const signature = minHash(set);
    const candidates = new Set<number>();
    for (let band = 0; band < BANDS; band++) {
      const bucketKey = `${band}:${signature.subarray(band * ROWS, (band + 1) * ROWS).join(',')}`;
      const members = buckets.get(bucketKey);
      if (members) {
        for (const m of members) if (candidates.size < maxCandidates) candidates.add(m);
        members.push(index);
      } else buckets.set(bucketKey, [index]);
    }
    let best: DuplicateFinding | undefined;
    for (const candidate of candidates) {
      const similarity = jaccard(set, sets[candidate]!);
      if (similarity >= threshold && (!best || similarity > best.similarity))
        best = { of: candidate, similarity };
    }
    if (best) near.set(index, best);
  });
  return { exact, near };
}

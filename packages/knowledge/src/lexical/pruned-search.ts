import {
  inverseDocumentFrequency,
  postingFrequency,
  type ScoreScratch,
  type ScoringInput,
} from './bm25f-scorer.ts';
import { PAGE_BITS, PAGE_MASK } from './posting-store.ts';
import { TopSlots } from './top-k.ts';

/** Plans with more terms than this are ranked exhaustively (per-term arrays are kept per term). */
export const MAX_PRUNED_TERMS = 24;

/**
 * Relative slack on bounds: the pruning phase sums contributions in bound order, the final
 * scores in plan order, so the two differ by rounding (a few ulps); bounds are widened by far
 * more than that so no chunk that could enter the list is ever dropped.
 */
const SLACK = 1e-9;

/** A filter result kept for the query: 0 not asked, 1 kept, 2 refused. */
const ASKED_KEPT = 1;
const ASKED_REFUSED = 2;

/**
 * Exact top-k BM25F with MaxScore-style dynamic pruning, term at a time.
 *
 * Each planned term has an upper bound of what it adds to any chunk's score:
 * `w · idf` (the saturated frequency tf̃ / (k1 + tf̃) is below 1) plus, for terms that cover a
 * concept, `headingMatchWeight · idf` (the heading bonus is at most the sum of the idf of the
 * matched heading terms, as their share of the heading is at most 1); the container prior is at
 * most 1. Terms are walked from the largest bound down. Once the sum of the bounds of the terms
 * still to walk is below θ, a lower bound of the k-th best score among chunks the filter keeps,
 * a chunk none of the walked terms matched cannot make the list: the remaining terms then only
 * add to chunks already matched (their postings are still read, but unmatched chunks cost a
 * check, not a score, and never reach the ranking).
 *
 * Scores are then summed again per candidate in plan order from per-term contributions, so
 * they are bit-identical to `accumulateScores` (a term a chunk lacks adds +0, which changes no
 * sum); coverage, heading hits and ties are as in the exhaustive ranking. The filter is asked
 * about chunks entering θ's heap and, as in the exhaustive ranking, about chunks that would
 * enter the list; each chunk at most once per query.
 */
export function searchPruned(
  input: ScoringInput,
  scratch: ScoreScratch,
  options: {
    limit: number;
    filter: ((id: string) => boolean) | undefined;
    ids: ReadonlyArray<string | undefined>;
  },
): TopSlots {
  const { plan, keys, dfs, settings, store, slots, documents } = input;
  const { limit, filter, ids } = options;
  const { k1, headingMatchWeight, containerPenalty } = settings;
  const frequency = postingFrequency(input);
  const { headingSizes, proseShares } = slots;
  const alive = slots.dead > 0 ? slots.alive : undefined;
  const termCount = plan.terms.length;

  // Terms that can match, their idf and bound, walked from the largest bound down.
  const idfs = new Float64Array(termCount);
  const bounds = new Float64Array(termCount);
  const active: number[] = [];
  for (let t = 0; t < termCount; t++) {
    if (keys[t]! < 0 || dfs[t] === 0) continue;
    const { weight, covers } = plan.terms[t]!;
    const idf = inverseDocumentFrequency(documents, dfs[t]!);
    idfs[t] = idf;
    bounds[t] = weight * idf + (covers !== 0 ? headingMatchWeight * idf : 0);
    active.push(t);
  }
  const order = active.slice().sort((a, b) => bounds[b]! - bounds[a]! || a - b);
  // rest[i]: bound of everything terms order[i..] can add, widened.
  const rest = new Float64Array(order.length + 1);
  for (let i = order.length - 1; i >= 0; i--) rest[i] = rest[i + 1]! + bounds[order[i]!]!;
  for (let i = 0; i < order.length; i++) rest[i] = rest[i]! * (1 + SLACK) + SLACK;

  scratch.ensure(slots.capacity);
  scratch.ensureTerms(termCount);
  const { scores, covered, headingHits, seen, touched, filterAnswers } = scratch;
  const contributions = scratch.contributions;
  const headingFlags = scratch.headingFlags;
  const asks = (slot: number): boolean => {
    const known = filterAnswers[slot]!;
    if (known !== 0) return known === ASKED_KEPT;
    const kept = filter!(ids[slot]!);
    filterAnswers[slot] = kept ? ASKED_KEPT : ASKED_REFUSED;
    return kept;
  };

  let theta = Number.NEGATIVE_INFINITY;
  let touchedCount = scratch.touchedCount;
  for (let i = 0; i < order.length; i++) {
    const t = order[i]!;
    const creating = !(rest[i]! < theta);
    const key = keys[t]!;
    const { weight, covers } = plan.terms[t]!;
    const idf = idfs[t]!;
    const contribution = contributions[t]!;
    const headingFlag = headingFlags[t]!;
    for (let block = store.head(key); block >= 0; block = store.link(block)) {
      const start = store.start(block);
      const postingSlots = store.slotPages[start >>> PAGE_BITS]!;
      const frequencies = store.frequencyPages[start >>> PAGE_BITS]!;
      const from = start & PAGE_MASK;
      const end = from + store.fillOf(key, block);
      for (let j = from; j < end; j++) {
        const slot = postingSlots[j]!;
        if (alive !== undefined && alive[slot] === 0) continue;
        if (seen[slot] === 0) {
          if (!creating) continue;
          seen[slot] = 1;
          touched[touchedCount++] = slot;
        }
        const heading = frequencies[j * 3]!;
        const tf = frequency(slot, heading, frequencies[j * 3 + 1]!, frequencies[j * 3 + 2]!);
        const part = (weight * idf * tf) / (k1 + tf);
        contribution[slot] = part;
        scores[slot] = scores[slot]! + part;
        covered[slot] = covered[slot]! | covers;
        if (heading > 0 && covers !== 0) {
          headingHits[slot] = headingHits[slot]! + 1;
          headingFlag[slot] = 1;
        }
      }
    }
    scratch.touchedCount = touchedCount;
    // θ: the k-th best lower bound (partial sum times prior; the heading bonus is ≥ 0) among
    // chunks the filter keeps. Only worth knowing while later terms could still be skipped.
    if (creating && i + 1 < order.length && touchedCount >= limit) {
      theta = kthLowerBound(
        scratch,
        limit,
        proseShares,
        containerPenalty,
        filter ? asks : undefined,
      );
    }
  }

  // Exact scores in plan order for the candidates, ranked as the exhaustive search ranks.
  const best = new TopSlots(limit, ids);
  for (let c = 0; c < touchedCount; c++) {
    const slot = touched[c]!;
    let score = 0;
    let headingIdf = 0;
    for (let a = 0; a < active.length; a++) {
      const t = active[a]!;
      score = score + contributions[t]![slot]!;
      if (headingFlags[t]![slot] === 1) headingIdf = headingIdf + idfs[t]!;
    }
    const hits = headingHits[slot]!;
    const headingBonus =
      hits > 0 ? (headingMatchWeight * headingIdf * hits) / headingSizes[slot]! : 0;
    const prior = 1 - containerPenalty * (1 - proseShares[slot]!);
    const total = (score + headingBonus) * prior;
    if (!best.admits(slot, total)) continue;
    if (filter && !asks(slot)) continue;
    best.offer(slot, total);
  }
  return best;
}

/** k-th largest lower bound of a final score among the matched chunks the filter keeps. */
function kthLowerBound(
  scratch: ScoreScratch,
  k: number,
  proseShares: Float64Array,
  containerPenalty: number,
  asks: ((slot: number) => boolean) | undefined,
): number {
  const { scores, touched, touchedCount } = scratch;
  const heap = scratch.heap(k);
  let size = 0;
  for (let c = 0; c < touchedCount; c++) {
    const slot = touched[c]!;
    const low = scores[slot]! * (1 - containerPenalty * (1 - proseShares[slot]!)) * (1 - SLACK);
    if (size === k && !(low > heap[0]!)) continue;
    if (asks !== undefined && !asks(slot)) continue;
    if (size < k) {
      // Sift up in a min-heap.
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! <= low) break;
        heap[i] = heap[parent]!;
        i = parent;
      }
      heap[i] = low;
    } else {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && heap[right]! < heap[left]! ? right : left;
        if (heap[child]! >= low) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = low;
    }
  }
  return size === k ? heap[0]! : Number.NEGATIVE_INFINITY;
}

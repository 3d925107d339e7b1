/**
 * The `limit` best slots of a query with a bounded min-heap over typed arrays (O(n log k), no
 * object per candidate). Better = higher score; equal scores rank by chunk id, so results do not
 * depend on insertion order.
 */
export class TopSlots {
  readonly #slots: Int32Array;
  readonly #scores: Float64Array;
  readonly #ids: ReadonlyArray<string | undefined>;
  #size = 0;

  constructor(limit: number, ids: ReadonlyArray<string | undefined>) {
    this.#slots = new Int32Array(limit);
    this.#scores = new Float64Array(limit);
    this.#ids = ids;
  }

  /** Whether a candidate would be kept now (ask before costly checks such as a filter). */
  admits(slot: number, score: number): boolean {
    return (
      this.#size < this.#slots.length ||
      this.#better(score, slot, this.#scores[0]!, this.#slots[0]!)
    );
  }

  /** Keeps the candidate if it is among the best so far. */
  offer(slot: number, score: number): void {
    if (this.#size < this.#slots.length) {
      let i = this.#size++;
      // Sift up: the root is the worst kept candidate.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#better(this.#scores[parent]!, this.#slots[parent]!, score, slot)) break;
        this.#slots[i] = this.#slots[parent]!;
        this.#scores[i] = this.#scores[parent]!;
        i = parent;
      }
      this.#slots[i] = slot;
      this.#scores[i] = score;
    } else if (this.#size > 0 && this.#better(score, slot, this.#scores[0]!, this.#slots[0]!)) {
      this.#siftDown(slot, score);
    }
  }

  /** The kept candidates, best first. */
  sorted(): Array<{ slot: number; score: number }> {
    const out = Array.from({ length: this.#size }, (_, i) => ({
      slot: this.#slots[i]!,
      score: this.#scores[i]!,
    }));
    return out.sort((a, b) =>
      this.#better(a.score, a.slot, b.score, b.slot)
        ? -1
        : this.#better(b.score, b.slot, a.score, a.slot)
          ? 1
          : 0,
    );
  }

  /** Replaces the root with the candidate and restores the heap. */
  #siftDown(slot: number, score: number): void {
    const size = this.#size;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = -1;
      let worstScore = score;
      let worstSlot = slot;
      if (
        left < size &&
        this.#better(worstScore, worstSlot, this.#scores[left]!, this.#slots[left]!)
      ) {
        worst = left;
        worstScore = this.#scores[left]!;
        worstSlot = this.#slots[left]!;
      }
      if (
        right < size &&
        this.#better(worstScore, worstSlot, this.#scores[right]!, this.#slots[right]!)
      ) {
        worst = right;
        worstScore = this.#scores[right]!;
        worstSlot = this.#slots[right]!;
      }
      if (worst < 0) break;
      this.#slots[i] = worstSlot;
      this.#scores[i] = worstScore;
      i = worst;
    }
    this.#slots[i] = slot;
    this.#scores[i] = score;
  }

  #better(score: number, slot: number, otherScore: number, otherSlot: number): boolean {
    return score > otherScore || (score === otherScore && this.#ids[slot]! < this.#ids[otherSlot]!);
  }
}

/** Largest per-field term frequency stored; more occurrences than this add nothing after BM25 saturation. */
export const MAX_TF = 0xffff;

/**
 * Postings of one term: the slots (internal document numbers) that contain it and, per slot,
 * its frequency in each of the three fields. Typed arrays keep ~10 bytes per posting so 10k+
 * chunks with their bigrams fit comfortably in memory; order is not meaningful (removal swaps
 * the last posting into the hole).
 */
export class PostingList {
  size = 0;
  slots: Int32Array;
  /** Field frequencies, three per posting: heading, context, body. */
  frequencies: Uint16Array;

  constructor(capacity = 4) {
    this.slots = new Int32Array(capacity);
    this.frequencies = new Uint16Array(capacity * 3);
  }

  add(slot: number, heading: number, context: number, body: number): void {
    if (this.size === this.slots.length) this.grow();
    const at = this.size++;
    this.slots[at] = slot;
    this.frequencies[at * 3] = Math.min(heading, MAX_TF);
    this.frequencies[at * 3 + 1] = Math.min(context, MAX_TF);
    this.frequencies[at * 3 + 2] = Math.min(body, MAX_TF);
  }

  /** Removes the posting of `slot`; false when the term does not occur in it. */
  remove(slot: number): boolean {
    const at = this.slots.subarray(0, this.size).indexOf(slot);
    if (at === -1) return false;
    const last = --this.size;
    if (at !== last) {
      this.slots[at] = this.slots[last] as number;
      this.frequencies.copyWithin(at * 3, last * 3, last * 3 + 3);
    }
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    slots.set(this.slots);
    const frequencies = new Uint16Array(slots.length * 3);
    frequencies.set(this.frequencies);
    this.slots = slots;
    this.frequencies = frequencies;
  }
}

import { grown } from './key-dictionary.ts';

/** Largest per-field term frequency stored; more occurrences than this add nothing after BM25 saturation. */
export const MAX_TF = 0xffff;

/** Postings per page: pages are allocated whole, so growing never copies what is stored. */
export const PAGE_BITS = 16;
export const PAGE_SIZE = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_SIZE - 1;
/** Largest block a growing key gets at once. */
const MAX_BLOCK = 4096;

// A key's record: first block, last block (-1 = none), postings (dead ones included), the
// address of the next free posting in its last block and the address after that block, and the
// slot of its last posting (-1 = unknown: no chunk being added has a posting yet).
const HEAD = 0;
const TAIL = 1;
const COUNT = 2;
const NEXT = 3;
const TAIL_END = 4;
const LAST_SLOT = 5;
/** Int32 per key record (24 bytes: what `count` needs, read together). */
const KEY_RECORD = 6;
// A block's record: address of its first posting, address after its last, next block (-1 = none).
const START = 0;
const END = 1;
const LINK = 2;
/** Int32 per block record. */
const RECORD = 4;

/**
 * The postings of every key in a few large typed arrays, with no object per key or posting: a
 * posting is a slot (Int32) and its frequencies in the three fields (3 × Uint16), 10 bytes, at an
 * address (page << PAGE_BITS | offset).
 *
 * A key's postings are a chain of blocks. A block is a run of postings inside one page; a key
 * that fills its last block gets a new one about as large as all its postings so far (at most
 * `MAX_BLOCK`), so a key takes at most about twice the room of its postings and nothing is ever
 * copied while adding. Blocks are cut from the current page in order (a block that would cross
 * the page end is shortened to fit), so no room is lost between them. Removing a chunk does not
 * touch its postings (`LexicalIndex` marks its slot dead); `rebuild` drops dead postings.
 */
export class PostingStore {
  /** Per page: slot of each posting. */
  slotPages: Int32Array[] = [];
  /** Per page: heading, context and body frequency of each posting. */
  frequencyPages: Uint16Array[] = [];
  /** Next free posting of the last page (PAGE_SIZE when a new page is needed). */
  #pageFill = PAGE_SIZE;
  #blocks = new Int32Array(0);
  #blockCount = 0;
  #keys = new Int32Array(0);
  #keyCount = 0;
  /** Postings stored, dead ones included. */
  postings = 0;

  /** Keys this store has room for. */
  get keys(): number {
    return this.#keyCount;
  }

  /** Makes room for keys up to `keys` (new keys have no postings). */
  ensureKeys(keys: number): void {
    if (keys <= this.#keyCount) return;
    this.#keys = grown(this.#keys, keys * KEY_RECORD);
    for (let key = this.#keyCount; key < keys; key++) {
      const k = key * KEY_RECORD;
      this.#keys[k + HEAD] = -1;
      this.#keys[k + TAIL] = -1;
      this.#keys[k + COUNT] = 0;
      this.#keys[k + NEXT] = 0;
      this.#keys[k + TAIL_END] = 0;
      this.#keys[k + LAST_SLOT] = -1;
    }
    this.#keyCount = keys;
  }

  /** First block of a key (-1 = none). */
  head(key: number): number {
    return this.#keys[key * KEY_RECORD + HEAD]!;
  }

  /** The block after `block` in its key's chain (-1 = none). */
  link(block: number): number {
    return this.#blocks[block * RECORD + LINK]!;
  }

  /** Address of the first posting of `block`. */
  start(block: number): number {
    return this.#blocks[block * RECORD + START]!;
  }

  /** Postings held in `block` of `key` (its whole room, except in the last block). */
  fillOf(key: number, block: number): number {
    const k = key * KEY_RECORD;
    const end =
      block === this.#keys[k + TAIL] ? this.#keys[k + NEXT]! : this.#blocks[block * RECORD + END]!;
    return end - this.#blocks[block * RECORD + START]!;
  }

  /**
   * Counts one occurrence of `key` in `field` of the chunk in `slot`. Occurrences of one chunk
   * must be counted one chunk at a time (its postings are the keys' last ones while it is added).
   * Answers true when this made a new posting (the first occurrence of the key in the chunk).
   */
  count(key: number, slot: number, field: number): boolean {
    const keys = this.#keys;
    const k = key * KEY_RECORD;
    let next = keys[k + NEXT]!;
    if (keys[k + LAST_SLOT] === slot) {
      const last = next - 1;
      const frequencies = this.frequencyPages[last >>> PAGE_BITS]!;
      const at = (last & PAGE_MASK) * 3 + field;
      if (frequencies[at]! < MAX_TF) frequencies[at] = frequencies[at]! + 1;
      return false;
    }
    const tail = keys[k + TAIL]!;
    if (tail < 0 || next === keys[k + TAIL_END]) {
      const block = this.#newBlock(Math.min(Math.max(keys[k + COUNT]!, 1), MAX_BLOCK));
      if (tail < 0) keys[k + HEAD] = block;
      else this.#blocks[tail * RECORD + LINK] = block;
      keys[k + TAIL] = block;
      next = this.#blocks[block * RECORD + START]!;
      keys[k + TAIL_END] = this.#blocks[block * RECORD + END]!;
    }
    const page = next >>> PAGE_BITS;
    const offset = next & PAGE_MASK;
    this.slotPages[page]![offset] = slot;
    const frequencies = this.frequencyPages[page]!;
    frequencies[offset * 3] = 0;
    frequencies[offset * 3 + 1] = 0;
    frequencies[offset * 3 + 2] = 0;
    frequencies[offset * 3 + field] = 1;
    keys[k + NEXT] = next + 1;
    keys[k + COUNT] = keys[k + COUNT]! + 1;
    keys[k + LAST_SLOT] = slot;
    this.postings++;
    return true;
  }

  /** Postings of `key` whose slot is alive (`alive` undefined: all are); 0 for an unknown key. */
  liveCount(key: number, alive: Uint8Array | undefined): number {
    if (key < 0 || key >= this.#keyCount) return 0;
    if (alive === undefined) return this.#keys[key * KEY_RECORD + COUNT]!;
    let live = 0;
    for (let block = this.head(key); block >= 0; block = this.link(block)) {
      const start = this.start(block);
      const slots = this.slotPages[start >>> PAGE_BITS]!;
      const from = start & PAGE_MASK;
      const to = from + this.fillOf(key, block);
      for (let j = from; j < to; j++) live += alive[slots[j]!]!;
    }
    return live;
  }

  /**
   * Drops the postings of dead slots and the keys left without postings: `renumber[key]` is the
   * key's new id or -1 (see `KeyDictionary.renumber`), `live[key]` its live postings. Every key
   * gets one run of postings (see `laidOut`).
   */
  rebuild(options: {
    alive: Uint8Array;
    renumber: Int32Array;
    live: Int32Array;
    keys: number;
  }): void {
    const { alive, renumber, live, keys } = options;
    const counts = new Int32Array(keys);
    for (let key = 0; key < this.#keyCount; key++) {
      const to = renumber[key]!;
      if (to >= 0) counts[to] = live[key]!;
    }
    const next = PostingStore.laidOut(counts);
    // Kept keys keep their order, so their live postings, key after key, are the new layout.
    let cursor = 0;
    for (let key = 0; key < this.#keyCount; key++) {
      if (renumber[key]! < 0) continue;
      for (let block = this.head(key); block >= 0; block = this.link(block)) {
        const start = this.start(block);
        const page = start >>> PAGE_BITS;
        const slots = this.slotPages[page]!;
        const frequencies = this.frequencyPages[page]!;
        const from = start & PAGE_MASK;
        const end = from + this.fillOf(key, block);
        for (let j = from; j < end; j++) {
          const slot = slots[j]!;
          if (alive[slot] === 0) continue;
          const offset = cursor & PAGE_MASK;
          next.slotPages[cursor >>> PAGE_BITS]![offset] = slot;
          const into = next.frequencyPages[cursor >>> PAGE_BITS]!;
          into[offset * 3] = frequencies[j * 3]!;
          into[offset * 3 + 1] = frequencies[j * 3 + 1]!;
          into[offset * 3 + 2] = frequencies[j * 3 + 2]!;
          cursor++;
        }
      }
    }
    this.slotPages = next.slotPages;
    this.frequencyPages = next.frequencyPages;
    this.#pageFill = next.#pageFill;
    this.#blocks = next.#blocks;
    this.#blockCount = next.#blockCount;
    this.#keys = next.#keys;
    this.#keyCount = next.#keyCount;
    this.postings = next.postings;
  }

  /**
   * A store whose keys have `counts[key]` postings each, all zero, laid out key after key in
   * page order: posting i of that sequence is at page i >> PAGE_BITS, offset i & PAGE_MASK. The
   * caller fills the pages (`rebuild`, a saved index).
   */
  static laidOut(counts: Int32Array): PostingStore {
    const store = new PostingStore();
    store.ensureKeys(counts.length);
    // Room for every block at once: a key's run is one block, or one more per page end it crosses.
    let runs = 0;
    let postings = 0;
    for (const count of counts) {
      if (count > 0) runs++;
      postings += count;
    }
    store.#blocks = new Int32Array((runs + Math.ceil(postings / PAGE_SIZE) + 1) * RECORD);
    for (let key = 0; key < counts.length; key++) store.#reserve(key, counts[key]!);
    return store;
  }

  /** Blocks for `count` postings of a key with none yet, cut at page ends, marked full. */
  #reserve(key: number, count: number): void {
    const k = key * KEY_RECORD;
    let left = count;
    while (left > 0) {
      const block = this.#newBlock(left);
      const b = block * RECORD;
      const tail = this.#keys[k + TAIL]!;
      if (tail < 0) this.#keys[k + HEAD] = block;
      else this.#blocks[tail * RECORD + LINK] = block;
      this.#keys[k + TAIL] = block;
      this.#keys[k + NEXT] = this.#blocks[b + END]!;
      this.#keys[k + TAIL_END] = this.#blocks[b + END]!;
      left -= this.#blocks[b + END]! - this.#blocks[b + START]!;
    }
    // LAST_SLOT stays -1: the slots written here are not being added.
    this.#keys[k + COUNT] = count;
    this.postings += count;
  }

  /** A block of up to `wanted` postings (less when the current page ends first). */
  #newBlock(wanted: number): number {
    if (this.#pageFill === PAGE_SIZE) {
      this.slotPages.push(new Int32Array(PAGE_SIZE));
      this.frequencyPages.push(new Uint16Array(PAGE_SIZE * 3));
      this.#pageFill = 0;
    }
    const size = Math.min(wanted, PAGE_SIZE - this.#pageFill);
    const block = this.#blockCount++;
    this.#blocks = grown(this.#blocks, this.#blockCount * RECORD);
    const b = block * RECORD;
    const start = ((this.slotPages.length - 1) << PAGE_BITS) | this.#pageFill;
    this.#blocks[b + START] = start;
    this.#blocks[b + END] = start + size;
    this.#blocks[b + LINK] = -1;
    this.#pageFill += size;
    return block;
  }
}

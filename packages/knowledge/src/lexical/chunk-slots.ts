import { hash } from 'node:crypto';
import type { FieldName } from './document-fields.ts';
import { grown } from './key-dictionary.ts';

/** Uint32 words of a chunk's fingerprint. */
export const FINGERPRINT_WORDS = 4;

/**
 * 128 bits of SHA-256 over a chunk's analysed fields: what a saved index is checked against
 * (a chunk whose fields hash alike was indexed from the same text; ~1 µs a chunk).
 */
export function fingerprintOf(fields: Record<FieldName, string>): Uint32Array {
  const digest = hash(
    'sha256',
    `${fields.heading}\u0000${fields.context}\u0000${fields.body}`,
    'buffer',
  );
  return new Uint32Array(digest.buffer, digest.byteOffset, FINGERPRINT_WORDS).slice();
}

/**
 * Per-chunk state of the lexical index in typed arrays indexed by slot (an internal chunk
 * number): field lengths, distinct heading terms, prose share, fingerprint, and whether the slot
 * is alive. A removed chunk's slot is dead until the index drops its postings (`release`); only
 * then can it be reused.
 */
export class ChunkSlots {
  /** Chunk id per slot (undefined for dead and free slots). */
  ids: Array<string | undefined> = [];
  readonly slotOf = new Map<string, number>();
  /** 1 for a slot holding an indexed chunk. */
  alive = new Uint8Array(0);
  /** Per field (heading, context, body), per slot: word terms in the field. */
  lengths: [Int32Array, Int32Array, Int32Array] = [
    new Int32Array(0),
    new Int32Array(0),
    new Int32Array(0),
  ];
  /** Per field: sum of `lengths` over alive slots. */
  readonly lengthSums = [0, 0, 0];
  headingSizes = new Int32Array(0);
  proseShares = new Float64Array(0);
  fingerprints = new Uint32Array(0);
  /** Slots in use or dead (highest slot + 1). */
  capacity = 0;
  /** Slots of removed chunks whose postings are still stored. */
  #dead: number[] = [];
  #free: number[] = [];

  get size(): number {
    return this.slotOf.size;
  }

  /** A slot for a new chunk (a released one first), recorded alive with its per-chunk values. */
  occupy(id: string, values: { proseShare: number; fingerprint: Uint32Array }): number {
    const slot = this.#free.pop() ?? this.capacity++;
    if (slot >= this.alive.length) this.#grow(slot + 1);
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
    this.alive[slot] = 1;
    this.proseShares[slot] = values.proseShare;
    this.fingerprints.set(values.fingerprint, slot * FINGERPRINT_WORDS);
    return slot;
  }

  /** Records the field lengths and distinct heading terms of an occupied slot. */
  measure(slot: number, lengths: readonly number[], headingSize: number): void {
    for (let f = 0; f < 3; f++) {
      this.lengths[f]![slot] = lengths[f]!;
      this.lengthSums[f] = this.lengthSums[f]! + lengths[f]!;
    }
    this.headingSizes[slot] = headingSize;
  }

  /** Marks the chunk's slot dead; answers the slot, or undefined when the id is not held. */
  kill(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    for (let f = 0; f < 3; f++) this.lengthSums[f] = this.lengthSums[f]! - this.lengths[f]![slot]!;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.alive[slot] = 0;
    this.#dead.push(slot);
    return slot;
  }

  /** Removed chunks whose postings are still stored. */
  get dead(): number {
    return this.#dead.length;
  }

  /** The postings of every dead slot are gone: their slots can be reused. */
  release(): void {
    for (const slot of this.#dead) {
      for (let f = 0; f < 3; f++) this.lengths[f]![slot] = 0;
      this.#free.push(slot);
    }
    this.#dead = [];
  }

  /** Same fingerprint as the chunk in `slot`. */
  sameFingerprint(slot: number, fingerprint: Uint32Array): boolean {
    const at = slot * FINGERPRINT_WORDS;
    for (let i = 0; i < FINGERPRINT_WORDS; i++) {
      if (this.fingerprints[at + i] !== fingerprint[i]) return false;
    }
    return true;
  }

  /**
   * Slots read back from saved columns: `ids[slot]` null for a slot without a chunk (free),
   * `lengths` field after field. Throws on columns that do not fit together.
   */
  static restore(columns: {
    ids: ReadonlyArray<string | null>;
    lengths: Int32Array;
    headingSizes: Int32Array;
    proseShares: Float64Array;
    fingerprints: Uint32Array;
  }): ChunkSlots {
    const { ids, lengths, headingSizes, proseShares, fingerprints } = columns;
    const n = ids.length;
    if (
      lengths.length !== 3 * n ||
      headingSizes.length !== n ||
      proseShares.length !== n ||
      fingerprints.length !== FINGERPRINT_WORDS * n
    ) {
      throw new Error('slot columns differ in length');
    }
    const slots = new ChunkSlots();
    slots.#grow(n);
    slots.capacity = n;
    for (let slot = n - 1; slot >= 0; slot--) {
      const id = ids[slot];
      if (id === null || id === undefined) {
        slots.#free.push(slot);
        continue;
      }
      if (typeof id !== 'string' || slots.slotOf.has(id)) throw new Error(`bad id at slot ${slot}`);
      const share = proseShares[slot]!;
      if (!(share >= 0 && share <= 1) || headingSizes[slot]! < 0) {
        throw new Error(`bad values at slot ${slot}`);
      }
      slots.ids[slot] = id;
      slots.slotOf.set(id, slot);
      slots.alive[slot] = 1;
      slots.headingSizes[slot] = headingSizes[slot]!;
      slots.proseShares[slot] = share;
      for (let f = 0; f < 3; f++) {
        const length = lengths[f * n + slot]!;
        if (length < 0) throw new Error(`bad length at slot ${slot}`);
        slots.lengths[f]![slot] = length;
        slots.lengthSums[f] = slots.lengthSums[f]! + length;
      }
    }
    slots.fingerprints.set(fingerprints);
    return slots;
  }

  /** Room for `slots` slots in every column (all grown to the same number of slots). */
  #grow(slots: number): void {
    this.alive = grown(this.alive, slots);
    const length = this.alive.length;
    this.lengths = [
      grown(this.lengths[0], length),
      grown(this.lengths[1], length),
      grown(this.lengths[2], length),
    ];
    this.headingSizes = grown(this.headingSizes, length);
    this.proseShares = grown(this.proseShares, length);
    this.fingerprints = grown(this.fingerprints, length * FINGERPRINT_WORDS);
  }
}

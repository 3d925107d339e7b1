import { createHash, type Hash, randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { isSwitchboardError, SwitchboardError } from '@switchboard/core';
import { analyzerDigest } from './analyzer-digest.ts';
import { ChunkSlots, FINGERPRINT_WORDS } from './chunk-slots.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { PAGE_BITS, PAGE_MASK, PAGE_SIZE, PostingStore } from './posting-store.ts';

/**
 * The saved form of a `LexicalIndex`: its columns as raw typed arrays, so a restart reads a file
 * instead of analysing every chunk again.
 *
 *   "SBLEXIDX" · u32 byte-order mark · u32 header length · header (JSON) ·
 *   ids (JSON) · terms (JSON) · term ids · pair first · pair second · postings per key ·
 *   posting slots · posting frequencies · field lengths · heading sizes · prose shares ·
 *   fingerprints · SHA-256 of everything before it
 *
 * Postings are written key after key, live ones only (removed chunks' slots are saved empty), in
 * exactly the page layout `PostingStore.laidOut` gives them back, so they are read straight into
 * the pages. A file is accepted only whole: right magic, byte order, format and analyser digest
 * (an analyser that tokenises, stems or splits fields differently makes the file stale), a size
 * that matches its header, and a matching checksum; anything else is `DATA_INVALID`.
 */
const MAGIC = 'SBLEXIDX';
const FORMAT = 1;
const BYTE_ORDER_MARK = 0x01020304;
const PREFIX_BYTES = 16;
const MAX_HEADER_BYTES = 64 * 1024;
const TRAILER_BYTES = 32;
/** Bytes per write while saving (also the piece size of large columns). */
const PIECE_BYTES = 1 << 22;

interface SnapshotHeader {
  format: number;
  analyzer: string;
  slots: number;
  keys: number;
  terms: number;
  postings: number;
  idsBytes: number;
  termsBytes: number;
}

/** What a snapshot holds: the three parts of a `LexicalIndex`. */
export interface SnapshotParts {
  dictionary: KeyDictionary;
  store: PostingStore;
  slots: ChunkSlots;
}

/** The index changed while it was being saved: the file is abandoned. */
class Changed extends Error {}

/**
 * Writes `parts` to `file` through a temporary file renamed over it (readers see the old or the
 * new file, never a torn one). Answers false, removing the temporary file, when `generation()`
 * moved meanwhile (the index changed between two writes).
 */
export async function writeLexicalSnapshot(
  file: string,
  parts: SnapshotParts & { generation: () => number },
): Promise<boolean> {
  const { dictionary, store, slots } = parts;
  const generation = parts.generation();
  const temporary = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'w');
  const out = new SnapshotWriter(handle, () => {
    if (parts.generation() !== generation) throw new Changed();
  });
  let done = false;
  try {
    // Only when some slots are dead do postings need checking one by one.
    const alive = slots.dead > 0 ? slots.alive : undefined;
    const keys = store.keys;
    const live = new Int32Array(keys);
    let postings = 0;
    for (let key = 0; key < keys; key++) {
      live[key] = store.liveCount(key, alive);
      postings += live[key]!;
    }
    const ids = JSON.stringify(slots.ids.slice(0, slots.capacity).map((id) => id ?? null));
    const termList = [...dictionary.terms()];
    const terms = JSON.stringify(termList.map(([term]) => term));
    const header: SnapshotHeader = {
      format: FORMAT,
      analyzer: analyzerDigest(),
      slots: slots.capacity,
      keys,
      terms: termList.length,
      postings,
      idsBytes: Buffer.byteLength(ids),
      termsBytes: Buffer.byteLength(terms),
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.alloc(PREFIX_BYTES);
    prefix.write(MAGIC, 0, 'latin1');
    new Uint32Array(prefix.buffer, prefix.byteOffset + 8, 2).set([
      BYTE_ORDER_MARK,
      headerBytes.length,
    ]);
    await out.write(prefix);
    await out.write(headerBytes);
    await out.write(Buffer.from(ids));
    await out.write(Buffer.from(terms));
    await out.write(Int32Array.from(termList, ([, id]) => id));
    const pairs = dictionary.pairColumns();
    await out.write(pairs.first);
    await out.write(pairs.second);
    await out.write(live);
    await writePostings(out, store, alive, 'slots');
    await writePostings(out, store, alive, 'frequencies');
    for (const lengths of slots.lengths) await out.write(lengths.subarray(0, slots.capacity));
    await out.write(slots.headingSizes.subarray(0, slots.capacity));
    await out.write(slots.proseShares.subarray(0, slots.capacity));
    await out.write(slots.fingerprints.subarray(0, slots.capacity * FINGERPRINT_WORDS));
    await out.finish();
    // No fsync: a file torn by a crash fails its checksum and is only a slower open.
    await handle.close();
    out.check();
    await rename(temporary, file);
    done = true;
    return true;
  } catch (err) {
    if (err instanceof Changed) return false;
    throw err;
  } finally {
    if (!done) {
      await handle.close().catch(() => {});
      await rm(temporary, { force: true });
    }
  }
}

/**
 * Live postings key after key: their slots, or their three frequencies each (two monomorphic
 * copy loops: one generic loop over both array types ran 5× slower).
 */
async function writePostings(
  out: SnapshotWriter,
  store: PostingStore,
  alive: Uint8Array | undefined,
  column: 'slots' | 'frequencies',
): Promise<void> {
  const width = column === 'slots' ? 1 : 3;
  const slotPiece = new Int32Array(PIECE_BYTES / 4);
  const frequencyPiece = new Uint16Array(PIECE_BYTES / 2);
  const piece = column === 'slots' ? slotPiece : frequencyPiece;
  let filled = 0;
  for (let key = 0; key < store.keys; key++) {
    for (let block = store.head(key); block >= 0; block = store.link(block)) {
      const start = store.start(block);
      const page = start >>> PAGE_BITS;
      const from = start & PAGE_MASK;
      const end = from + store.fillOf(key, block);
      if (filled + (end - from) * width > piece.length) {
        // The index is checked unchanged after each write, so the walk goes on safely.
        await out.write(piece.subarray(0, filled));
        filled = 0;
      }
      const slots = store.slotPages[page]!;
      filled =
        column === 'slots'
          ? copySlots(slots, alive, from, end, slotPiece, filled)
          : copyFrequencies(
              slots,
              alive,
              store.frequencyPages[page]!,
              from,
              end,
              frequencyPiece,
              filled,
            );
    }
  }
  await out.write(piece.subarray(0, filled));
}

/** Appends the slots of postings from..end whose slot is alive; answers the new fill. */
function copySlots(
  slots: Int32Array,
  alive: Uint8Array | undefined,
  from: number,
  end: number,
  into: Int32Array,
  at: number,
): number {
  let filled = at;
  for (let j = from; j < end; j++) {
    const slot = slots[j]!;
    if (alive === undefined || alive[slot] !== 0) into[filled++] = slot;
  }
  return filled;
}

/** Appends the three frequencies of postings from..end whose slot is alive. */
function copyFrequencies(
  slots: Int32Array,
  alive: Uint8Array | undefined,
  frequencies: Uint16Array,
  from: number,
  end: number,
  into: Uint16Array,
  at: number,
): number {
  let filled = at;
  for (let j = from; j < end; j++) {
    if (alive !== undefined && alive[slots[j]!] === 0) continue;
    into[filled++] = frequencies[j * 3]!;
    into[filled++] = frequencies[j * 3 + 1]!;
    into[filled++] = frequencies[j * 3 + 2]!;
  }
  return filled;
}

/** Buffered writes that hash what they write and check the index before each flush. */
class SnapshotWriter {
  readonly #handle: FileHandle;
  readonly #hash: Hash = createHash('sha256');
  readonly #buffer = Buffer.alloc(PIECE_BYTES);
  #filled = 0;
  readonly check: () => void;

  constructor(handle: FileHandle, check: () => void) {
    this.#handle = handle;
    this.check = check;
  }

  /** Copies `data` (a typed array's bytes) in; flushes whenever the buffer fills. */
  async write(data: ArrayBufferView): Promise<void> {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, this.#buffer.length - this.#filled);
      this.#buffer.set(bytes.subarray(at, at + n), this.#filled);
      this.#filled += n;
      at += n;
      // `data` is the index's own memory: after the await, check() has thrown if it changed.
      if (this.#filled === this.#buffer.length) await this.#flush();
    }
  }

  /** Flushes and appends the checksum of everything written. */
  async finish(): Promise<void> {
    await this.#flush();
    await this.#handle.write(this.#hash.digest());
  }

  async #flush(): Promise<void> {
    if (this.#filled === 0) return;
    const chunk = this.#buffer.subarray(0, this.#filled);
    this.#hash.update(chunk);
    await this.#handle.write(chunk);
    this.#filled = 0;
    this.check();
  }
}

/**
 * Reads a file written by `writeLexicalSnapshot`. Throws `DATA_INVALID` naming what is wrong
 * for anything but a whole, current file (errors from the file system as they are).
 */
export async function readLexicalSnapshot(file: string): Promise<SnapshotParts> {
  const handle = await open(file, 'r');
  try {
    return await readParts(handle, (await handle.stat()).size);
  } catch (cause) {
    if (isSwitchboardError(cause) || isSystemError(cause)) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SwitchboardError(
      'DATA_INVALID',
      `Saved lexical index ${file} is unusable: ${reason}`,
      {
        cause,
        details: { file },
      },
    );
  } finally {
    await handle.close();
  }
}

async function readParts(handle: FileHandle, size: number): Promise<SnapshotParts> {
  const input = new SnapshotReader(handle);
  const prefix = await input.read(new Uint8Array(PREFIX_BYTES), 'prefix');
  if (Buffer.from(prefix.subarray(0, 8)).toString('latin1') !== MAGIC) {
    throw new Error('not a saved lexical index');
  }
  const [mark, headerLength] = new Uint32Array(prefix.buffer, 8, 2) as unknown as [number, number];
  if (mark !== BYTE_ORDER_MARK) throw new Error('written with another byte order');
  if (headerLength > MAX_HEADER_BYTES) throw new Error('header too long');
  const header = parseHeader(await input.read(new Uint8Array(headerLength), 'header'));
  const expected =
    PREFIX_BYTES +
    headerLength +
    header.idsBytes +
    header.termsBytes +
    4 * (header.terms + 3 * header.keys + header.postings) +
    2 * 3 * header.postings +
    header.slots * (4 * 3 + 4 + 8 + 4 * FINGERPRINT_WORDS) +
    TRAILER_BYTES;
  if (expected !== size) throw new Error(`size ${size} bytes, header says ${expected}`);

  const ids = parseStrings(await input.read(new Uint8Array(header.idsBytes), 'ids'), true);
  const terms = parseStrings(await input.read(new Uint8Array(header.termsBytes), 'terms'), false);
  if (ids.length !== header.slots || terms.length !== header.terms) {
    throw new Error('ids or terms differ from the header');
  }
  const termIds = await input.read(new Int32Array(header.terms), 'term ids');
  const first = await input.read(new Int32Array(header.keys), 'pairs');
  const second = await input.read(new Int32Array(header.keys), 'pairs');
  const counts = await input.read(new Int32Array(header.keys), 'posting counts');
  let postings = 0;
  for (const count of counts) {
    if (count < 0) throw new Error('negative posting count');
    postings += count;
  }
  if (postings !== header.postings) throw new Error('posting counts differ from the header');
  const store = PostingStore.laidOut(counts);
  for (let page = 0; page * PAGE_SIZE < postings; page++) {
    const n = Math.min(PAGE_SIZE, postings - page * PAGE_SIZE);
    await input.read(store.slotPages[page]!.subarray(0, n), 'posting slots');
  }
  for (let page = 0; page * PAGE_SIZE < postings; page++) {
    const n = Math.min(PAGE_SIZE, postings - page * PAGE_SIZE);
    await input.read(store.frequencyPages[page]!.subarray(0, 3 * n), 'posting frequencies');
  }
  const lengths = await input.read(new Int32Array(3 * header.slots), 'lengths');
  const headingSizes = await input.read(new Int32Array(header.slots), 'heading sizes');
  const proseShares = await input.read(new Float64Array(header.slots), 'prose shares');
  const fingerprints = await input.read(
    new Uint32Array(FINGERPRINT_WORDS * header.slots),
    'fingerprints',
  );
  const digest = input.digest();
  const trailer = await input.read(new Uint8Array(TRAILER_BYTES), 'checksum', true);
  if (!Buffer.from(trailer).equals(digest)) throw new Error('checksum mismatch');

  const slots = ChunkSlots.restore({ ids, lengths, headingSizes, proseShares, fingerprints });
  const dictionary = KeyDictionary.restore({ terms, termIds, first, second });
  // Every posting names a slot that holds a chunk.
  for (let page = 0; page * PAGE_SIZE < postings; page++) {
    const n = Math.min(PAGE_SIZE, postings - page * PAGE_SIZE);
    const pageSlots = store.slotPages[page]!;
    for (let j = 0; j < n; j++) {
      const slot = pageSlots[j]!;
      if (!(slot >= 0 && slot < header.slots) || slots.alive[slot] !== 1) {
        throw new Error(`posting of an empty slot ${slot}`);
      }
    }
  }
  return { dictionary, store, slots };
}

/** Sequential reads that hash what they read. */
class SnapshotReader {
  readonly #handle: FileHandle;
  readonly #hash: Hash = createHash('sha256');
  #position = 0;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Fills `target` from the file (throws when the file ends first); hashed unless `unhashed`. */
  async read<T extends ArrayBufferView>(target: T, what: string, unhashed = false): Promise<T> {
    const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const { bytesRead } = await this.#handle.read(bytes, at, bytes.length - at, this.#position);
      if (bytesRead === 0) throw new Error(`file ends in the ${what}`);
      at += bytesRead;
      this.#position += bytesRead;
    }
    if (!unhashed) this.#hash.update(bytes);
    return target;
  }

  /** Checksum of everything read so far (call once). */
  digest(): Buffer {
    return this.#hash.digest();
  }
}

/** An error of the file system (it has an errno), not of the file's content. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).errno === 'number';
}

function parseHeader(bytes: Uint8Array): SnapshotHeader {
  const header = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<SnapshotHeader>;
  if (header.format !== FORMAT) throw new Error(`format ${header.format}, expected ${FORMAT}`);
  if (header.analyzer !== analyzerDigest()) throw new Error('written by another analyser');
  for (const field of ['slots', 'keys', 'terms', 'postings', 'idsBytes', 'termsBytes'] as const) {
    const value = header[field];
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error(`bad ${field}`);
  }
  return header as SnapshotHeader;
}

function parseStrings(bytes: Uint8Array, nullable: boolean): Array<string | null> & string[] {
  const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
  if (
    !Array.isArray(value) ||
    !value.every((v) => typeof v === 'string' || (nullable && v === null))
  ) {
    throw new Error('bad string list');
  }
  return value as Array<string | null> & string[];
}

/**
 * Typed arrays as base64 of their little-endian bytes: about a third the size of a JSON number
 * array and exact. (Every platform Node runs on is little-endian.)
 */
type NumericArray = Float32Array | Int32Array;

export function encodeArray(array: NumericArray): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(text: string, bytesPerElement: number): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % bytesPerElement !== 0)
    throw new Error('base64 payload has a partial element');
  // Copy into a fresh, aligned buffer: Buffer slices may start at any offset of a shared pool.
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

export function decodeFloat32(text: string): Float32Array {
  return new Float32Array(decodeBytes(text, 4));
}

export function decodeInt32(text: string): Int32Array {
  return new Int32Array(decodeBytes(text, 4));
}

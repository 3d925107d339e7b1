// `fatal: true` makes invalid byte sequences an error instead of silently becoming U+FFFD, so a
// binary or Latin-1 file is reported rather than indexed as mojibake. A leading BOM is dropped.
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; `undefined` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

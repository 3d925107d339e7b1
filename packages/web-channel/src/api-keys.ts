import { createHash, timingSafeEqual } from 'node:crypto';

/** A key as configured: its name and the hex SHA-256 of its secret. */
export interface NamedKeyHash {
  name: string;
  sha256: string;
}

/**
 * The API keys of `POST /api/chat`, held as SHA-256 digests only. A presented secret is hashed
 * and compared with every key in constant time, without stopping at a match, so the time taken
 * says nothing about which key (if any) it resembles.
 */
export class ApiKeyRing {
  readonly #keys: ReadonlyArray<{ name: string; digest: Buffer }>;

  constructor(keys: readonly NamedKeyHash[]) {
    this.#keys = keys.map((key) => ({ name: key.name, digest: Buffer.from(key.sha256, 'hex') }));
    for (const key of this.#keys)
      if (key.digest.length !== 32) throw new Error(`API key "${key.name}": not a SHA-256 digest`);
  }

  get size(): number {
    return this.#keys.length;
  }

  /** The name of the key whose secret `presented` is, or undefined. */
  identify(presented: string): string | undefined {
    const digest = createHash('sha256').update(presented).digest();
    let match: string | undefined;
    for (const key of this.#keys) if (timingSafeEqual(digest, key.digest)) match ??= key.name;
    return presented === '' ? undefined : match;
  }
}

import { withRedisErrors } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';
import type { FetchValidators } from '../connector.ts';

/** Why a document is not indexed as the source has it now. */
export interface DocumentRecordError {
  /** A `PermanentSourceReason`, `transient` (retries exhausted) or `ingest_failed`. */
  reason: string;
  message: string;
}

/** What a sync run remembers about one document of one source, between runs. */
export interface DocumentRecord {
  docId: string;
  /** The connector's fingerprint when the document was last synced; a different one means "changed". */
  fingerprint: string;
  /** Sent back to the connector so the next fetch can be conditional (ETag / Last-Modified). */
  validators?: FetchValidators;
  /** Chunk ids the index held for the document when the record was written. */
  chunkIds: string[];
  /** `failed`: the last attempt failed; the index keeps whatever `chunkIds` says it had before. */
  status: 'indexed' | 'failed';
  error?: DocumentRecordError;
  /** Epoch milliseconds of the write. */
  updatedAt: number;
}

/** Per-source memory of the sync engine. Records are written only after the index holds their chunks. */
export interface RecordStore {
  list(source: string): Promise<DocumentRecord[]>;
  get(source: string, docId: string): Promise<DocumentRecord | undefined>;
  put(source: string, record: DocumentRecord): Promise<void>;
  delete(source: string, docIds: string[]): Promise<void>;
  /** Forget every record of the source (its next run sees every document as new). */
  clear(source: string): Promise<void>;
  /** Every source that has records, sorted (a source no longer configured is purged by name). */
  sources(): Promise<string[]>;
}

export interface RedisRecordStoreOptions {
  redis: Redis;
  /** Key prefix, so several deployments can share one Redis. @defaultValue 'switchboard:sync:' */
  prefix?: string;
}

/** One Redis hash per source: field = document id, value = the record as JSON. */
export class RedisRecordStore implements RecordStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: RedisRecordStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix ?? 'switchboard:sync:';
  }

  async list(source: string): Promise<DocumentRecord[]> {
    // The values alone: each record carries its document id.
    const values = await withRedisErrors(() => this.#redis.hvals(this.#key(source)));
    const records: DocumentRecord[] = [];
    for (const raw of values) {
      const record = parseRecord(raw);
      if (record) records.push(record);
    }
    return records.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
  }

  async get(source: string, docId: string): Promise<DocumentRecord | undefined> {
    const raw = await withRedisErrors(() => this.#redis.hget(this.#key(source), docId));
    return raw === null ? undefined : parseRecord(raw);
  }

  async put(source: string, record: DocumentRecord): Promise<void> {
    await withRedisErrors(() =>
      this.#redis.hset(this.#key(source), record.docId, JSON.stringify(record)),
    );
  }

  async delete(source: string, docIds: string[]): Promise<void> {
    if (docIds.length === 0) return;
    await withRedisErrors(() => this.#redis.hdel(this.#key(source), ...docIds));
  }

  async clear(source: string): Promise<void> {
    await withRedisErrors(() => this.#redis.del(this.#key(source)));
  }

  async sources(): Promise<string[]> {
    // The prefix is configuration, not a pattern: its glob characters are escaped.
    const pattern = `${this.#prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await withRedisErrors(() =>
        this.#redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500),
      );
      cursor = next;
      for (const key of keys) found.add(key.slice(this.#prefix.length));
    } while (cursor !== '0');
    return [...found].sort();
  }

  #key(source: string): string {
    return `${this.#prefix}${source}`;
  }
}

/**
 * A stored record, or `undefined` when the entry is corrupt or from an incompatible version:
 * skipping it only makes the next run re-fetch that document, never fails the run.
 */
export function parseRecord(raw: string): DocumentRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const { docId, fingerprint, chunkIds, status, updatedAt, validators, error } = value;
  if (typeof docId !== 'string' || typeof fingerprint !== 'string') return undefined;
  if (!Array.isArray(chunkIds) || !chunkIds.every((id) => typeof id === 'string')) return undefined;
  if (status !== 'indexed' && status !== 'failed') return undefined;
  if (typeof updatedAt !== 'number') return undefined;
  const record: DocumentRecord = { docId, fingerprint, chunkIds, status, updatedAt };
  if (isObject(validators)) {
    const { etag, lastModified } = validators;
    record.validators = {
      ...(typeof etag === 'string' ? { etag } : {}),
      ...(typeof lastModified === 'string' ? { lastModified } : {}),
    };
  }
  if (isObject(error) && typeof error.reason === 'string' && typeof error.message === 'string') {
    record.error = { reason: error.reason, message: error.message };
  }
  return record;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

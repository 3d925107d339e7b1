import { withRedisErrors } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';

export interface RedisCustomerAddressesOptions {
  redis: Redis;
  /** Key prefix, e.g. `switchboard:address:`. */
  prefix: string;
  /** Seconds an address outlives its last save: the conversation retention period. */
  ttlSeconds: number;
}

/**
 * Where a channel can reach a customer later, per conversation (a Bot Framework conversation
 * reference for proactive messages). Kept as opaque JSON: the channel that saved an address
 * checks it again when it reads it back.
 */
export class RedisCustomerAddresses {
  readonly #o: RedisCustomerAddressesOptions;

  constructor(options: RedisCustomerAddressesOptions) {
    this.#o = options;
  }

  async save(conversationId: string, address: unknown): Promise<void> {
    await withRedisErrors(() =>
      this.#o.redis.set(
        `${this.#o.prefix}${conversationId}`,
        JSON.stringify(address),
        'EX',
        this.#o.ttlSeconds,
      ),
    );
  }

  /** A customer's addresses, per conversation (the export of their data). */
  async entriesOf(customer: {
    conversationIds: ReadonlySet<string>;
  }): Promise<Array<{ conversationId: string; address: unknown }>> {
    const entries: Array<{ conversationId: string; address: unknown }> = [];
    for (const conversationId of customer.conversationIds) {
      const address = await this.load(conversationId);
      if (address !== undefined) entries.push({ conversationId, address });
    }
    return entries;
  }

  /** Erases a customer's addresses (the deletion of their data). */
  async removeEntriesOf(customer: { conversationIds: ReadonlySet<string> }): Promise<number> {
    const keys = [...customer.conversationIds].map((id) => `${this.#o.prefix}${id}`);
    if (keys.length === 0) return 0;
    return withRedisErrors(() => this.#o.redis.del(...keys));
  }

  async load(conversationId: string): Promise<unknown> {
    const raw = await withRedisErrors(() =>
      this.#o.redis.get(`${this.#o.prefix}${conversationId}`),
    );
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
}

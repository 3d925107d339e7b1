import type { Redis } from 'ioredis';
import { withRedisErrors } from './redis-errors.ts';

/** Where the document evidence keeps its keys under the configured Redis prefix. */
export const documentEvidenceKeyPrefix = (redisPrefix: string) =>
  `${redisPrefix}:knowledge-feedback:`;

/** A cited document as a 👍 names it. */
export interface CitedDocument {
  docId: string;
  title: string;
  url?: string;
}

/** A document customers found helpful: how many 👍'd answers cited it, and the latest one. */
export interface HelpfulDocument extends CitedDocument {
  helpful: number;
  /** Epoch milliseconds of the latest 👍. */
  lastAt: number;
}

/**
 * Evidence for help pages: a 👍 on a knowledge answer counts for every document it cited. This
 * is where knowledge answers' 👍 go instead of the brand-voice review queue.
 */
export interface DocumentEvidence {
  /**
   * One 👍 on a knowledge answer. Counted once per rated message (a second click changes
   * nothing); answers false when that message was counted before.
   */
  recordHelpful(input: {
    conversationId: string;
    messageId: string;
    documents: CitedDocument[];
    at: number;
  }): Promise<boolean>;
  /** Most helpful first (ties: most recent first). */
  list(options?: { limit?: number }): Promise<HelpfulDocument[]>;
}

export interface RedisDocumentEvidenceOptions {
  redis: Redis;
  /** `documentEvidenceKeyPrefix(config.redis.prefix)`. */
  prefix: string;
}

/**
 * KEYS: seen set, score zset, details hash. ARGV: origin, then docId/details pairs.
 * Answers 0 when the origin was counted before, else 1 (every document counted once).
 */
const RECORD_SCRIPT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
for i = 2, #ARGV, 2 do
  redis.call('ZINCRBY', KEYS[2], 1, ARGV[i])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
end
return 1
`;

/** One sorted set of counts by document id, one hash of titles/links, one set of rated messages. */
export class RedisDocumentEvidence implements DocumentEvidence {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: RedisDocumentEvidenceOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
  }

  async recordHelpful(input: Parameters<DocumentEvidence['recordHelpful']>[0]): Promise<boolean> {
    // One count per document even when the answer cited two passages of it.
    const documents = new Map(input.documents.map((d) => [d.docId, d]));
    if (documents.size === 0) return false;
    const args = [...documents.values()].flatMap((d) => [
      d.docId,
      JSON.stringify({ title: d.title, ...(d.url ? { url: d.url } : {}), lastAt: input.at }),
    ]);
    const counted = await withRedisErrors(() =>
      this.#redis.eval(
        RECORD_SCRIPT,
        3,
        `${this.#prefix}seen`,
        `${this.#prefix}helpful`,
        `${this.#prefix}documents`,
        `${input.conversationId}\u0000${input.messageId}`,
        ...args,
      ),
    );
    return counted === 1;
  }

  async list(options: { limit?: number } = {}): Promise<HelpfulDocument[]> {
    const limit = options.limit ?? 50;
    const scored = await withRedisErrors(() =>
      this.#redis.zrevrange(`${this.#prefix}helpful`, 0, limit - 1, 'WITHSCORES'),
    );
    const ids: string[] = [];
    const counts: number[] = [];
    for (let i = 0; i < scored.length; i += 2) {
      ids.push(scored[i] ?? '');
      counts.push(Number(scored[i + 1]));
    }
    if (ids.length === 0) return [];
    const details = await withRedisErrors(() =>
      this.#redis.hmget(`${this.#prefix}documents`, ...ids),
    );
    return ids
      .map((docId, i): HelpfulDocument => {
        const parsed = parseDetails(details[i] ?? null);
        return {
          docId,
          title: parsed.title ?? docId,
          ...(parsed.url ? { url: parsed.url } : {}),
          helpful: counts[i] ?? 0,
          lastAt: parsed.lastAt ?? 0,
        };
      })
      .sort((a, b) => b.helpful - a.helpful || b.lastAt - a.lastAt);
  }
}

function parseDetails(raw: string | null): { title?: string; url?: string; lastAt?: number } {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as { title?: unknown; url?: unknown; lastAt?: unknown };
    return {
      ...(typeof value.title === 'string' ? { title: value.title } : {}),
      ...(typeof value.url === 'string' ? { url: value.url } : {}),
      ...(typeof value.lastAt === 'number' ? { lastAt: value.lastAt } : {}),
    };
  } catch {
    return {}; // a corrupt entry still lists its count under its id
  }
}

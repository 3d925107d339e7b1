import type { Redis } from 'ioredis';

/** The Redis keys and pub/sub channel of the router every server process shares. */
export interface RouterKeys {
  /** A counter a sync worker bumps after each run that changed the index (servers poll it cheaply). */
  generation: string;
  /** Pub/sub: `{"kind":"index-changed","generation":N}` after each run that changed the index. */
  channel: string;
  /** The fitted router (and its topic detector) for one router cache key. */
  model(key: string): string;
  /** The keys of the stored routers, newest first: only the last few are kept. */
  stored: string;
  /** Held by the one process fitting the router for one key. */
  lock(key: string): string;
}

export function routerKeys(prefix: string): RouterKeys {
  return {
    generation: `${prefix}:router:index-generation`,
    channel: `${prefix}:router:events`,
    model: (key) => `${prefix}:router:model:${key}`,
    stored: `${prefix}:router:stored`,
    lock: (key) => `${prefix}:router:fitting:${key}`,
  };
}

/**
 * Whether a finished sync job (`sync-run` or `remove-source`, by its summary) may have changed
 * the index. A result of another shape counts as a change: a needless check costs servers one
 * listing of the index, a missed one leaves them routing with a router fitted on the old index.
 */
export function changedTheIndex(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return true;
  const { added, updated, deleted, reconcile } = result as Record<string, unknown>;
  if (typeof added !== 'number' || typeof updated !== 'number' || typeof deleted !== 'number')
    return true;
  const repaired =
    typeof reconcile === 'object' &&
    reconcile !== null &&
    (reconcile as Record<string, unknown>).repaired === true;
  return added + updated + deleted > 0 || repaired;
}

/** Tells every server process that the index changed: bumps the generation, then publishes it. */
export async function announceIndexChange(
  redis: Pick<Redis, 'incr' | 'publish'>,
  keys: RouterKeys,
): Promise<number> {
  const generation = await redis.incr(keys.generation);
  await redis.publish(keys.channel, JSON.stringify({ kind: 'index-changed', generation }));
  return generation;
}

/** The generation an `index-changed` message carries; undefined for any other message. */
export function announcedGeneration(raw: string): number | undefined {
  try {
    const message: unknown = JSON.parse(raw);
    if (typeof message !== 'object' || message === null) return undefined;
    const { kind, generation } = message as Record<string, unknown>;
    return kind === 'index-changed' && typeof generation === 'number' && Number.isFinite(generation)
      ? generation
      : undefined;
  } catch {
    return undefined;
  }
}

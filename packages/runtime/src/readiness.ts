import type { RouterModel } from '@switchboard/assistant';
import type { KnowledgeIndex } from '@switchboard/core';
import { pingWithin, type RedisOutageLog } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';
import type { StartupSync } from './startup-sync.ts';

/** `/healthz` and `/readyz` bodies: every check is `{ ok, …details }`. */
export interface HealthReport {
  status: 'ok' | 'not_ready';
  checks: Record<string, unknown>;
}

export interface HealthSources {
  /** The request-path connection (fails fast while Redis is down). */
  redis: Redis;
  outages: RedisOutageLog;
  index: KnowledgeIndex;
  startup: StartupSync;
  /** The Redis hash of each declared source's sync records (its length = documents recorded). */
  recordKeys: ReadonlyMap<string, string>;
  /** The router serving now; `key` is its cache key (the same on every server serving it). */
  router: () => { model: RouterModel; provisional: boolean; key?: string };
  brandVoice: { readonly id: string; readonly version: string };
  /** @defaultValue 500 */
  redisDeadlineMs?: number;
  /** @defaultValue 1000 */
  indexDeadlineMs?: number;
  /** @defaultValue Date.now */
  clock?: () => number;
}

/** Resolves with `fallback(ms)` when `promise` takes longer than `ms`: a probe never hangs. */
async function within<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The process's health probes; both answer within their deadlines whatever Redis and the index do. */
export function healthProbes(sources: HealthSources) {
  const started = (sources.clock ?? Date.now)();
  const redisMs = sources.redisDeadlineMs ?? 500;
  const indexMs = sources.indexDeadlineMs ?? 1_000;

  /** Liveness: in-memory state only (no Redis, no index I/O); a process that answers is alive. */
  function liveness(): HealthReport {
    const { startup, outages } = sources;
    return {
      status: 'ok',
      checks: {
        process: { ok: true, uptimeMs: (sources.clock ?? Date.now)() - started },
        redis: { ok: !outages.down, ...(outages.down ? { downForMs: outages.downForMs } : {}) },
        sync: { ok: startup.done, pending: [...startup.pending.keys()] },
      },
    };
  }

  /**
   * Readiness: Redis answers PING within its deadline; the index holds chunks whenever the sync
   * records say its sources have documents; no start-up sync (or full re-sync) is still running;
   * the router was fitted on the index as it is now, not provisionally.
   */
  async function readiness(): Promise<HealthReport> {
    const { redis, index, startup } = sources;
    const [ping, chunks, recorded] = await Promise.all([
      pingWithin(redis, redisMs),
      within(
        index.count().then(
          (n) => n,
          (err: unknown) => `unavailable: ${(err as Error).message}`,
        ),
        indexMs,
        () => `no answer within ${indexMs} ms`,
      ),
      within(recordedDocuments(redis, sources.recordKeys), redisMs, () => undefined),
    ]);
    const checks: Record<string, unknown> = {};
    checks.redis = ping === 'ok' ? { ok: true } : { ok: false, reason: ping };
    if (typeof chunks === 'string') checks.index = { ok: false, reason: chunks };
    else {
      const expected = recorded ?? 0;
      checks.index =
        chunks === 0 && expected > 0
          ? {
              ok: false,
              chunks,
              recordedDocuments: expected,
              reason: 'the sync records list documents but the index is empty',
            }
          : {
              ok: true,
              chunks,
              ...(recorded === undefined ? {} : { recordedDocuments: expected }),
            };
    }
    const pending = Object.fromEntries(startup.pending);
    const failed = Object.fromEntries(startup.failures);
    checks.sync = {
      ok: startup.done,
      ...(startup.done ? {} : { pending }),
      ...(startup.failures.size ? { failed } : {}),
    };
    const router = sources.router();
    checks.router = {
      ok: !router.provisional,
      fittedOn: router.provisional ? 'the index as it was at start-up (sync pending)' : 'the index',
      balancedAccuracy: router.model.fit.balancedAccuracy,
      ...(router.key ? { key: router.key } : {}),
    };
    checks.brandVoice = {
      ok: true,
      model: sources.brandVoice.id,
      version: sources.brandVoice.version,
    };
    const ok = Object.values(checks).every((c) => (c as { ok: boolean }).ok);
    return { status: ok ? 'ok' : 'not_ready', checks };
  }

  return { liveness, readiness };
}

/** How many documents the sync records list, over every declared source (HLEN: cheap). */
async function recordedDocuments(
  redis: Redis,
  keys: ReadonlyMap<string, string>,
): Promise<number | undefined> {
  try {
    const counts = await Promise.all([...keys.values()].map((key) => redis.hlen(key)));
    return counts.reduce((a, b) => a + b, 0);
  } catch {
    return undefined; // Redis is down: the redis check says so.
  }
}

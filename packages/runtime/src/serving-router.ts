import type { RouterModel } from '@switchboard/assistant';
import type { BrandExample } from '@switchboard/brand-voice';
import type { Config } from '@switchboard/config';
import type { KnowledgeIndex, Logger, Retriever } from '@switchboard/core';
import { chunkDocument } from '@switchboard/knowledge';
import type { RedisOutageLog } from '@switchboard/local-redis';
import type { Redis } from 'ioredis';
import { loadKnowledge } from './knowledge.ts';
import { routerKeys } from './router-keys.ts';
import {
  type FittedTopicDetector,
  loadOrFitRouter,
  routerCacheKey,
  routerFromText,
  routerToText,
} from './router-model.ts';
import { SharedRouter } from './shared-router.ts';
import { DEFAULT_SOURCE } from './sync-engine.ts';

/** A router with its topic detector, as the assistant routes with them. */
export interface FittedRouter {
  model: RouterModel;
  topic: FittedTopicDetector;
}

/** The router a process serves now. */
export interface ServingRouter extends FittedRouter {
  /** Fitted before the start-up syncs were done (readiness waits for the refit). */
  provisional: boolean;
  /** Its cache key: the same on every server serving it (see `routerCacheKey`). */
  key: string;
}

export interface ServingRouterOptions {
  config: Config;
  /** The request-path connection (fails fast while Redis is down). */
  redis: Redis;
  outages: RedisOutageLog;
  index: KnowledgeIndex;
  retriever: Retriever;
  /** The brand data the router is fitted with, and its hash (the artifact's `dataHash`). */
  brand: { examples: readonly BrandExample[]; dataHash: string };
  outOfScope: readonly string[];
  modelsDir: string;
  /** Whether the start-up syncs are done (until then, fitted routers are not cached on disk). */
  startupDone: () => boolean;
  /** Progress lines (`router fitted …`, `router loaded …`). */
  log: (line: string) => void;
  events: Logger;
}

export interface RouterRouting {
  current(): ServingRouter;
  /** Routes the assistant with every router swapped in from now on. */
  follow(assistant: { useRouter(model: RouterModel, topic: FittedTopicDetector): void }): void;
  /**
   * Once the start-up syncs are done: serves the router of their index (fitted once for all
   * server processes) and follows the index from then on. Rejects when that router could not
   * be had; the provisional one keeps serving.
   */
  settle(): Promise<void>;
  close(): void;
}

/**
 * The router of a process, shared with every other server process through Redis: the router of
 * the index as it is now (provisional while the start-up syncs run), then, after them, the one
 * fitted on their index, then the one of each index a sync leaves (see `SharedRouter`).
 */
export async function openServingRouter(o: ServingRouterOptions): Promise<RouterRouting> {
  const { config, brand, outOfScope } = o;
  let afterStartup = false;
  let serving: ServingRouter | undefined;
  let follower: ((fitted: FittedRouter) => void) | undefined;

  /** Fits (or loads from disk) the router for `key`; cached only once the syncs are done. */
  const fit = async (key: string): Promise<FittedRouter> => {
    const persist = afterStartup || o.startupDone();
    const { model, topic, fitted } = await loadOrFitRouter({
      examples: brand.examples,
      key,
      loadChunks: async () => {
        const loaded = await loadKnowledge(config.knowledgePath, DEFAULT_SOURCE);
        return (await Promise.all(loaded.documents.map((d) => chunkDocument(d)))).flat();
      },
      outOfScope,
      retriever: o.retriever,
      modelsDir: o.modelsDir,
      cacheKey: brand.dataHash,
      persist,
    });
    o.log(
      `router ${fitted ? 'fitted' : 'loaded'}${persist ? '' : ' provisionally (knowledge sync pending)'} ${describeRouter(model)}`,
    );
    return { model, topic };
  };

  const routers = new SharedRouter<FittedRouter>({
    redis: o.redis,
    subscriber: () => {
      const subscriber = o.redis.duplicate();
      o.outages.watch('router-events', subscriber);
      return subscriber;
    },
    keys: routerKeys(config.redis.prefix),
    currentKey: async () =>
      routerCacheKey({
        cacheKey: brand.dataHash,
        indexedChunkIds: (await o.index.listChunks()).map((c) => c.id),
        outOfScope,
      }),
    fit,
    serialise: routerToText,
    parse: routerFromText,
    use: (fitted, key, origin) => {
      const provisional = !afterStartup;
      serving = { ...fitted, key, provisional };
      follower?.(fitted);
      if (origin === 'shared')
        o.log(
          `router loaded from Redis${provisional ? ' provisionally (knowledge sync pending)' : ''} ${describeRouter(fitted.model)}`,
        );
      o.events.info('router.serving', { key, origin, provisional });
    },
    log: o.events,
  });
  // The router of the index as it is now: another server may have fitted it already.
  await routers.refresh();
  const current = (): ServingRouter => {
    if (!serving) throw new Error('no router is serving (the first refresh did not finish)');
    return serving;
  };
  return {
    current,
    follow(assistant) {
      follower = (fitted) => assistant.useRouter(fitted.model, fitted.topic);
    },
    async settle() {
      afterStartup = true;
      await routers.start();
      // Serving the router of the index as it is now (start swapped another in if it was not).
      serving = { ...current(), provisional: false };
    },
    close: () => routers.close(),
  };
}

/** How a router was fitted, for the start-up and refit log lines. */
function describeRouter(model: RouterModel): string {
  const t = model.thresholds;
  return `(fitted on ${model.fit.n} examples): thresholds brand ${t.brand}, knowledge ${t.knowledge}, handoff ${t.handoffRequest}; balanced accuracy ${model.fit.balancedAccuracy.toFixed(3)}`;
}

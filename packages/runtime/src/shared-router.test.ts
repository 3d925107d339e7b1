import type { Logger } from '@switchboard/core';
import { failFastRedisOptions, freePort } from '@switchboard/local-redis';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { useTestRedis } from '../../../test/support/test-redis.ts';
import { announceIndexChange, changedTheIndex, routerKeys } from './router-keys.ts';
import { type RouterOrigin, SharedRouter } from './shared-router.ts';

/** One "server process": its own connections and router, a shared index state and fit counter. */
interface Server {
  router: SharedRouter<string>;
  served: Array<{ router: string; key: string; origin: RouterOrigin }>;
  warnings: string[];
}

describe('SharedRouter (several processes, one Redis)', () => {
  const test = useTestRedis();
  const open: Array<{ router: SharedRouter<string>; redis: Redis }> = [];
  afterEach(() => {
    for (const { router, redis } of open.splice(0)) {
      router.close();
      redis.disconnect();
    }
  });

  /** The index every process sees; a fit takes `fitMs` and counts itself. */
  function world(prefix: string, fitMs = 150) {
    const state = { index: 'v1', fits: [] as string[] };
    const keys = routerKeys(prefix);
    const server = async (
      url: string,
      options: { checkIntervalMs?: number; connect?: boolean } = {},
    ): Promise<Server> => {
      // As the runtime's request-path connection: fails fast, connected before use.
      const redis = new Redis(url, failFastRedisOptions());
      redis.on('error', () => {});
      if (options.connect !== false) await redis.connect();
      const served: Server['served'] = [];
      const warnings: string[] = [];
      const log: Logger = {
        info: () => {},
        warn: (event) => warnings.push(event),
        error: (event) => warnings.push(event),
      };
      const router = new SharedRouter<string>({
        redis,
        subscriber: () => {
          const subscriber = redis.duplicate();
          subscriber.on('error', () => {});
          return subscriber;
        },
        keys,
        currentKey: async () => `key-${state.index}`,
        fit: async (key) => {
          state.fits.push(key);
          await new Promise((done) => setTimeout(done, fitMs));
          return `router fitted on ${key}`;
        },
        serialise: (r) => JSON.stringify({ r }),
        parse: (text) => {
          const { r } = JSON.parse(text) as { r?: unknown };
          if (typeof r !== 'string') throw new Error('not a router');
          return r;
        },
        use: (r, key, origin) => served.push({ router: r, key, origin }),
        log,
        settleMs: 50,
        waitPollMs: 20,
        checkIntervalMs: options.checkIntervalMs ?? 0,
        lockMs: 2_000,
      });
      open.push({ router, redis });
      return { router, served, warnings };
    };
    return { state, keys, server };
  }

  const url = () => inject('redisUrl');

  it('fits once for all processes at start and after an index change; every one swaps it in', async () => {
    const { state, keys, server } = world(`${test.prefix}once`);
    const servers = await Promise.all([server(url()), server(url()), server(url())]);
    await Promise.all(servers.map((s) => s.router.start()));
    expect(state.fits).toEqual(['key-v1']);
    for (const s of servers) expect(s.served.at(-1)?.router).toBe('router fitted on key-v1');
    expect(servers.flatMap((s) => s.served.map((x) => x.origin)).sort()).toEqual([
      'fitted here',
      'shared',
      'shared',
    ]);

    // A worker finished a run that changed the index.
    state.index = 'v2';
    await announceIndexChange(test.redis, keys);
    await until(() => servers.every((s) => s.router.key === 'key-v2'));
    expect(state.fits).toEqual(['key-v1', 'key-v2']);
    for (const s of servers) expect(s.served.at(-1)?.router).toBe('router fitted on key-v2');

    // A process started later takes the stored router without fitting.
    const late = await server(url());
    await late.router.start();
    expect(late.served).toEqual([
      { router: 'router fitted on key-v2', key: 'key-v2', origin: 'shared' },
    ]);
    expect(state.fits).toHaveLength(2);
  });

  it('an announcement that changed nothing the router depends on costs no fit', async () => {
    const { state, keys, server } = world(`${test.prefix}same`);
    const s = await server(url());
    await s.router.start();
    await announceIndexChange(test.redis, keys);
    await new Promise((done) => setTimeout(done, 300));
    expect(state.fits).toEqual(['key-v1']);
    expect(s.served).toHaveLength(1);
  });

  it('notices a change whose message it missed through the periodic generation check', async () => {
    const { state, keys, server } = world(`${test.prefix}missed`);
    const s = await server(url(), { checkIntervalMs: 50 });
    await s.router.start();
    state.index = 'v2';
    await test.redis.incr(keys.generation); // bumped, but the message never came
    await until(() => s.router.key === 'key-v2');
    expect(state.fits).toEqual(['key-v1', 'key-v2']);
  });

  it('fits again when the stored router cannot be read', async () => {
    const { state, keys, server } = world(`${test.prefix}bad`);
    await test.redis.set(keys.model('key-v1'), '{"r":42}');
    const s = await server(url());
    await s.router.start();
    expect(s.warnings).toContain('router.stored_unreadable');
    expect(state.fits).toEqual(['key-v1']);
    expect(JSON.parse((await test.redis.get(keys.model('key-v1'))) ?? '')).toEqual({
      r: 'router fitted on key-v1',
    });
  });

  it('fits on its own when Redis cannot be reached, as a single process always did', async () => {
    const { state, server } = world(`${test.prefix}down`);
    const s = await server(`redis://127.0.0.1:${await freePort()}`, { connect: false });
    await s.router.start();
    expect(state.fits).toEqual(['key-v1']);
    expect(s.served).toEqual([
      { router: 'router fitted on key-v1', key: 'key-v1', origin: 'fitted here' },
    ]);
    expect(s.warnings).toContain('router.not_shared');
  });

  it('takes over when the process fitting dies holding the lock', async () => {
    const { state, keys, server } = world(`${test.prefix}dead`);
    // A lock left by a process that died: it expires (no one renews it).
    await test.redis.set(keys.lock('key-v1'), 'someone-dead', 'PX', 300);
    const s = await server(url());
    await s.router.start();
    expect(state.fits).toEqual(['key-v1']);
    expect(s.served.at(-1)).toMatchObject({ key: 'key-v1', origin: 'fitted here' });
  });
});

describe('SharedRouter storage', () => {
  const test = useTestRedis();

  it('keeps only the newest stored routers (an index that changes often does not fill Redis)', async () => {
    const keys = routerKeys(`${test.prefix}keep`);
    const redis = new Redis(inject('redisUrl'), failFastRedisOptions());
    await redis.connect();
    let index = 0;
    const router = new SharedRouter<string>({
      redis,
      subscriber: () => redis.duplicate(),
      keys,
      currentKey: async () => `key-${index}`,
      fit: async (key) => `router of ${key}`,
      serialise: (r) => JSON.stringify({ r }),
      parse: (text) => String((JSON.parse(text) as { r: unknown }).r),
      use: () => {},
      log: { info: () => {}, warn: () => {}, error: () => {} },
      keep: 3,
    });
    try {
      for (index = 0; index < 6; index++) await router.refresh();
      expect(await test.redis.lrange(keys.stored, 0, -1)).toEqual(['key-5', 'key-4', 'key-3']);
      const kept = await test.redis.keys(keys.model('*'));
      expect(kept.sort()).toEqual(['key-3', 'key-4', 'key-5'].map((k) => keys.model(k)));
      expect(await test.redis.ttl(keys.model('key-5'))).toBeGreaterThan(86_400);
    } finally {
      router.close();
      redis.disconnect();
    }
  });
});

describe('changedTheIndex', () => {
  it('is true for runs that added, updated, deleted or repaired, and for unknown results', () => {
    const none = { added: 0, updated: 0, deleted: 0, reconcile: { repaired: false } };
    expect(changedTheIndex(none)).toBe(false);
    expect(changedTheIndex({ ...none, added: 1 })).toBe(true);
    expect(changedTheIndex({ ...none, updated: 2 })).toBe(true);
    expect(changedTheIndex({ ...none, deleted: 3 })).toBe(true);
    expect(changedTheIndex({ ...none, reconcile: { repaired: true } })).toBe(true);
    expect(changedTheIndex(undefined)).toBe(true);
    expect(changedTheIndex({ skipped: 'paused' })).toBe(true);
  });
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 20));
  }
}

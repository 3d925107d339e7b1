import { SwitchboardError } from '@switchboard/core';
import type { Redis } from 'ioredis';
import type {
  NewVersion,
  RegisteredVersion,
  registryKeys,
  VersionUpdate,
} from './registry-types.ts';

type Keys = ReturnType<typeof registryKeys>;

/** Attempts of an optimistic transaction before giving up (another process kept changing the keys). */
const MAX_ATTEMPTS = 20;

/**
 * The registry's storage: one JSON value per version, a sorted set of versions, the active
 * pointer. Changes that read before they write run as WATCH/MULTI transactions on a connection of
 * their own, one at a time in this process (a WATCH is per connection), retried when another
 * process changed a watched key.
 */
export class VersionStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly clock: () => number,
  ) {}

  /** Numbers the version with INCR, so two creates (any processes) never share a number. */
  create(input: NewVersion): Promise<RegisteredVersion> {
    // In the queue: its EXEC on this connection would otherwise end another operation's WATCH.
    return this.serial(async () => {
      const n = await this.redis.incr(this.keys.sequence);
      const version = this.fresh(`v${n}`, input, 'created');
      const multi = this.redis
        .multi()
        .set(this.keys.version(version.version), JSON.stringify(version))
        .zadd(this.keys.versions, n, version.version);
      if (input.jobId) multi.set(this.keys.job(input.jobId), version.version);
      await multi.exec();
      return version;
    });
  }

  /** Creates `v1` as the active version if nothing was ever registered; answers null otherwise. */
  bootstrap(input: NewVersion): Promise<RegisteredVersion | null> {
    return this.transaction([this.keys.sequence], async () => {
      if ((await this.redis.get(this.keys.sequence)) !== null) return { result: null };
      const version: RegisteredVersion = {
        ...this.fresh('v1', input, 'bootstrapped as the base version'),
        state: 'active',
      };
      const multi = this.redis
        .multi()
        .set(this.keys.sequence, 1)
        .set(this.keys.version('v1'), JSON.stringify(version))
        .zadd(this.keys.versions, 1, 'v1')
        .set(this.keys.active, 'v1');
      return { result: version, multi };
    });
  }

  async get(version: string): Promise<RegisteredVersion | null> {
    return parse(version, await this.redis.get(this.keys.version(version)));
  }

  async list(): Promise<RegisteredVersion[]> {
    const names = await this.redis.zrange(this.keys.versions, '0', '-1');
    if (names.length === 0) return [];
    const values = await this.redis.mget(...names.map((name) => this.keys.version(name)));
    return names.flatMap((name, i) => parse(name, values[i] ?? null) ?? []);
  }

  async findByJob(jobId: string): Promise<RegisteredVersion | null> {
    const version = await this.redis.get(this.keys.job(jobId));
    return version ? this.get(version) : null;
  }

  update(name: string, patch: VersionUpdate, event?: string): Promise<RegisteredVersion> {
    const key = this.keys.version(name);
    return this.transaction([key], async () => {
      const current = await this.existing(name);
      const next: RegisteredVersion = { ...current, ...patch };
      if (event) next.history = [...(current.history ?? []), { at: this.clock(), event }];
      return { result: next, multi: this.redis.multi().set(key, JSON.stringify(next)) };
    });
  }

  /** Makes `to` active and `from` (the active version the caller saw) retired, or fails with CONFLICT. */
  switchActive(to: string, from: string | null, event: string): Promise<RegisteredVersion> {
    const watched = [
      this.keys.active,
      this.keys.version(to),
      ...(from ? [this.keys.version(from)] : []),
    ];
    return this.transaction(watched, async () => {
      const active = await this.redis.get(this.keys.active);
      if (active !== from) {
        throw new SwitchboardError(
          'CONFLICT',
          `The active version changed to ${active ?? 'none'} meanwhile; try again.`,
        );
      }
      const at = this.clock();
      const target = await this.existing(to);
      const promoted: RegisteredVersion = {
        ...target,
        state: 'active',
        history: [...(target.history ?? []), { at, event }],
      };
      const multi = this.redis
        .multi()
        .set(this.keys.version(to), JSON.stringify(promoted))
        .set(this.keys.active, to);
      if (from) {
        const previous = await this.existing(from);
        const retired: RegisteredVersion = {
          ...previous,
          state: 'retired',
          history: [...(previous.history ?? []), { at, event: `retired: ${to} is active` }],
        };
        multi.set(this.keys.version(from), JSON.stringify(retired));
      }
      return { result: promoted, multi };
    });
  }

  private fresh(version: string, input: NewVersion, event: string): RegisteredVersion {
    const at = this.clock();
    return {
      ...input,
      version,
      state: input.state ?? 'candidate',
      createdAt: at,
      history: [{ at, event }],
    };
  }

  private async existing(version: string): Promise<RegisteredVersion> {
    const found = await this.get(version);
    if (!found) throw new SwitchboardError('NOT_FOUND', `No model version "${version}".`);
    return found;
  }

  /**
   * WATCH `keys`, let `body` read and prepare a MULTI, EXEC it; again when EXEC answers null (a
   * watched key changed). A body answering no MULTI writes nothing.
   */
  private transaction<T>(
    keys: string[],
    body: () => Promise<{ result: T; multi?: ReturnType<Redis['multi']> }>,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await this.redis.watch(...keys);
        let prepared: Awaited<ReturnType<typeof body>>;
        try {
          prepared = await body();
        } catch (error) {
          await this.redis.unwatch();
          throw error;
        }
        if (!prepared.multi) {
          await this.redis.unwatch();
          return prepared.result;
        }
        if ((await prepared.multi.exec()) !== null) return prepared.result;
      }
      throw new SwitchboardError('CONFLICT', 'The model registry kept changing; try again.');
    };
    return this.serial(run);
  }

  /** Runs `task` after every earlier write of this process (success or failure). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => {});
    return next;
  }
}

function parse(version: string, text: string | null): RegisteredVersion | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as RegisteredVersion;
  } catch (cause) {
    throw new SwitchboardError('DATA_INVALID', `Model version ${version} is not readable JSON.`, {
      cause,
    });
  }
}

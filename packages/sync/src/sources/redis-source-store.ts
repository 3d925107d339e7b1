import type { Redis } from 'ioredis';
import type { Connector } from '../connector.ts';
import type { SourceRegistry } from '../jobs/source-registry.ts';
import {
  type ConnectorDependencies,
  createConnector,
  parseSourceSpec,
  type SourceSpec,
} from '../source-spec.ts';

export interface RedisSourceStoreOptions {
  redis: Redis;
  /** Key prefix of the spec hash and the paused set. @defaultValue 'switchboard:sources:' */
  prefix?: string;
  /** Clients handed to the connectors the registry builds. */
  deps?: ConnectorDependencies;
}

/**
 * Sources managed at run time (admin API, CLI), kept in Redis: one hash of name → spec JSON and
 * one set of paused names.
 *
 * It is also the worker's `SourceRegistry`. That contract is synchronous, so `get` answers from
 * an in-memory cache of connectors, filled by `list()`/`refresh()` and kept current by this
 * instance's own `put`/`remove`. A store in another process (the worker) sees changes made
 * elsewhere only after its next `refresh()`.
 */
export class RedisSourceStore implements SourceRegistry {
  readonly #redis: Redis;
  readonly #specsKey: string;
  readonly #pausedKey: string;
  readonly #deps: ConnectorDependencies;
  #specs = new Map<string, SourceSpec>();
  readonly #connectors = new Map<string, Connector>();

  constructor(options: RedisSourceStoreOptions) {
    const prefix = options.prefix ?? 'switchboard:sources:';
    this.#redis = options.redis;
    this.#specsKey = `${prefix}specs`;
    this.#pausedKey = `${prefix}paused`;
    this.#deps = options.deps ?? {};
  }

  /** Every stored source, sorted by name; refreshes the registry cache as a side effect. */
  async list(): Promise<SourceSpec[]> {
    const raw = await this.#redis.hgetall(this.#specsKey);
    const specs = Object.values(raw)
      .map((json) => parseSourceSpec(JSON.parse(json)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const previous = this.#specs;
    this.#specs = new Map(specs.map((spec) => [spec.name, spec]));
    // Drop connectors whose spec changed or vanished; the rest are reused.
    for (const name of [...this.#connectors.keys()]) {
      const spec = this.#specs.get(name);
      if (!spec || JSON.stringify(spec) !== JSON.stringify(previous.get(name))) {
        this.#connectors.delete(name);
      }
    }
    return specs;
  }

  /** Reloads the cache `get` answers from (the worker calls it before a run, or on a timer). */
  async refresh(): Promise<void> {
    await this.list();
  }

  async getSpec(name: string): Promise<SourceSpec | undefined> {
    const json = await this.#redis.hget(this.#specsKey, name);
    return json === null ? undefined : parseSourceSpec(JSON.parse(json));
  }

  /**
   * Adds a source and answers its validated spec; `undefined` (and nothing written) when one
   * with that name exists. Throws `BAD_REQUEST` naming the field when the spec is invalid.
   */
  async add(input: unknown): Promise<SourceSpec | undefined> {
    const spec = parseSourceSpec(input);
    const added = await this.#redis.hsetnx(this.#specsKey, spec.name, JSON.stringify(spec));
    if (added !== 1) return undefined;
    this.#remember(spec);
    return spec;
  }

  /** Adds or replaces a source (validated with `parseSourceSpec`). */
  async put(input: unknown): Promise<SourceSpec> {
    const spec = parseSourceSpec(input);
    await this.#redis.hset(this.#specsKey, spec.name, JSON.stringify(spec));
    this.#remember(spec);
    return spec;
  }

  /** `false` when no source has that name. Also clears its paused flag. */
  async remove(name: string): Promise<boolean> {
    const [[, removed] = []] =
      (await this.#redis.multi().hdel(this.#specsKey, name).srem(this.#pausedKey, name).exec()) ??
      [];
    this.#specs.delete(name);
    this.#connectors.delete(name);
    return removed === 1;
  }

  /** `false` when no source has that name (nothing is flagged then). */
  async setPaused(name: string, paused: boolean): Promise<boolean> {
    if (!(await this.#redis.hexists(this.#specsKey, name))) return false;
    if (paused) await this.#redis.sadd(this.#pausedKey, name);
    else await this.#redis.srem(this.#pausedKey, name);
    return true;
  }

  async isPaused(name: string): Promise<boolean> {
    return (await this.#redis.sismember(this.#pausedKey, name)) === 1;
  }

  async pausedNames(): Promise<Set<string>> {
    return new Set(await this.#redis.smembers(this.#pausedKey));
  }

  /** The registry contract: the connector of a cached source, built once and reused. */
  get(source: string): Connector | undefined {
    const cached = this.#connectors.get(source);
    if (cached) return cached;
    const spec = this.#specs.get(source);
    if (!spec) return undefined;
    const connector = createConnector(spec, this.#deps);
    this.#connectors.set(source, connector);
    return connector;
  }

  #remember(spec: SourceSpec): void {
    this.#specs.set(spec.name, spec);
    this.#connectors.delete(spec.name);
  }
}

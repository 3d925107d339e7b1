import { SwitchboardError } from '@switchboard/core';
import type { Redis } from 'ioredis';
import type { Connector } from '../connector.ts';
import type { SourceRegistry } from '../jobs/source-registry.ts';
import {
  type ConnectorDependencies,
  createConnector,
  parseSourceSpec,
  type SourceSpec,
} from '../source-spec.ts';
import type { DeclaredSource } from './sources-file.ts';

/** A source as listed: its spec, where it was declared, and how it is kept current. */
export type ListedSource = SourceSpec & {
  /** `config`: the sources file or the knowledge path (read-only here); `runtime`: added through the admin API or CLI. */
  origin: 'config' | 'runtime';
  schedule?: DeclaredSource['schedule'];
  watch?: boolean;
};

export interface RedisSourceStoreOptions {
  redis: Redis;
  /** Key prefix of the spec hash and the paused set. @defaultValue 'switchboard:sources:' */
  prefix?: string;
  /** Clients handed to the connectors the registry builds. */
  deps?: ConnectorDependencies;
  /**
   * Sources declared in config (the sources file, the knowledge path): listed and synced like
   * the others, pausable, but not removable or replaceable at run time.
   */
  declared?: DeclaredSource[];
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
  readonly #declared: Map<string, DeclaredSource>;
  #specs = new Map<string, SourceSpec>();
  readonly #connectors = new Map<string, Connector>();

  constructor(options: RedisSourceStoreOptions) {
    const prefix = options.prefix ?? 'switchboard:sources:';
    this.#redis = options.redis;
    this.#specsKey = `${prefix}specs`;
    this.#pausedKey = `${prefix}paused`;
    this.#deps = options.deps ?? {};
    this.#declared = new Map((options.declared ?? []).map((d) => [d.spec.name, d]));
  }

  /** The sources declared in config, in declaration order. */
  get declared(): DeclaredSource[] {
    return [...this.#declared.values()];
  }

  /** Declared sources, then stored ones, each part sorted by name; refreshes the registry cache. */
  async list(): Promise<ListedSource[]> {
    const raw = await this.#redis.hgetall(this.#specsKey);
    const specs = Object.values(raw)
      .map((json) => parseSourceSpec(JSON.parse(json)))
      .filter((spec) => !this.#declared.has(spec.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    const previous = this.#specs;
    this.#specs = new Map(specs.map((spec) => [spec.name, spec]));
    // Drop connectors whose spec changed or vanished; the rest are reused.
    for (const name of [...this.#connectors.keys()]) {
      if (this.#declared.has(name)) continue;
      const spec = this.#specs.get(name);
      if (!spec || JSON.stringify(spec) !== JSON.stringify(previous.get(name))) {
        this.#connectors.delete(name);
      }
    }
    const declared = [...this.#declared.values()]
      .sort((a, b) => a.spec.name.localeCompare(b.spec.name))
      .map(
        (d): ListedSource => ({
          ...d.spec,
          origin: 'config',
          ...(d.schedule ? { schedule: d.schedule } : {}),
          ...(d.watch !== undefined ? { watch: d.watch } : {}),
        }),
      );
    return [...declared, ...specs.map((spec): ListedSource => ({ ...spec, origin: 'runtime' }))];
  }

  /** Reloads the cache `get` answers from (the worker calls it before a run, or on a timer). */
  async refresh(): Promise<void> {
    await this.list();
  }

  async getSpec(name: string): Promise<SourceSpec | undefined> {
    const declared = this.#declared.get(name);
    if (declared) return declared.spec;
    const json = await this.#redis.hget(this.#specsKey, name);
    return json === null ? undefined : parseSourceSpec(JSON.parse(json));
  }

  /**
   * Adds a source and answers its validated spec; `undefined` (and nothing written) when one
   * with that name exists. Throws `BAD_REQUEST` naming the field when the spec is invalid.
   */
  async add(input: unknown): Promise<SourceSpec | undefined> {
    const spec = parseSourceSpec(input);
    if (this.#declared.has(spec.name)) return undefined;
    const added = await this.#redis.hsetnx(this.#specsKey, spec.name, JSON.stringify(spec));
    if (added !== 1) return undefined;
    this.#remember(spec);
    return spec;
  }

  /** Adds or replaces a source (validated with `parseSourceSpec`). */
  async put(input: unknown): Promise<SourceSpec> {
    const spec = parseSourceSpec(input);
    this.#refuseDeclared(spec.name, 'replaced');
    await this.#redis.hset(this.#specsKey, spec.name, JSON.stringify(spec));
    this.#remember(spec);
    return spec;
  }

  /** `false` when no source has that name. Also clears its paused flag. */
  async remove(name: string): Promise<boolean> {
    this.#refuseDeclared(name, 'removed');
    const [[, removed] = []] =
      (await this.#redis.multi().hdel(this.#specsKey, name).srem(this.#pausedKey, name).exec()) ??
      [];
    this.#specs.delete(name);
    this.#connectors.delete(name);
    return removed === 1;
  }

  /** `false` when no source has that name (nothing is flagged then). */
  async setPaused(name: string, paused: boolean): Promise<boolean> {
    if (!this.#declared.has(name) && !(await this.#redis.hexists(this.#specsKey, name)))
      return false;
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
    const spec = this.#declared.get(source)?.spec ?? this.#specs.get(source);
    if (!spec) return undefined;
    const connector = createConnector(spec, this.#deps);
    this.#connectors.set(source, connector);
    return connector;
  }

  #refuseDeclared(name: string, what: string): void {
    if (!this.#declared.has(name)) return;
    throw new SwitchboardError(
      'CONFLICT',
      `Source "${name}" is declared in config and cannot be ${what} at run time; edit the sources file (SWITCHBOARD_SOURCES) instead.`,
    );
  }

  #remember(spec: SourceSpec): void {
    this.#specs.set(spec.name, spec);
    this.#connectors.delete(spec.name);
  }
}

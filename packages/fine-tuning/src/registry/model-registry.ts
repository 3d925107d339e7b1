import { isSwitchboardError, type Logger, SwitchboardError, silentLogger } from '@switchboard/core';
import type { Redis } from 'ioredis';
import { gateDecision } from '../evaluate/gate.ts';
import {
  type ActiveChanged,
  type EvaluateVersionOn,
  type NewVersion,
  type PromotionResult,
  type RegisteredVersion,
  registryKeys,
  type VersionUpdate,
  versionNumber,
} from './registry-types.ts';
import { VersionStore } from './version-store.ts';

export interface RedisModelRegistryOptions {
  /** Duplicated: the registry keeps its own connections (WATCH needs one nobody else uses). */
  redis: Redis;
  /** Key prefix, e.g. `switchboard:models:`. */
  prefix: string;
  /** Scores the active version on a candidate's validation split before the gate compares them. */
  evaluateOn?: EvaluateVersionOn;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** Promotions, forced ones, rollbacks. @defaultValue silent */
  log?: Logger;
  /**
   * Given each connection the registry opens, to take its `error` events (a Redis outage logged
   * quietly instead of ioredis' "Unhandled error event" on every reconnect). @defaultValue none
   */
  watchConnection?: (name: string, connection: Redis) => void;
}

/** States a version can be promoted from. */
const PROMOTABLE = new Set(['candidate', 'rejected', 'retired']);

/**
 * Brand-voice model versions in Redis: `v1`, `v2`, … numbered with INCR, one active at a time,
 * with the evaluation gate on promotion, rollback to any earlier version, and a pub/sub message
 * whenever the active version changes (servers swap models on it without a restart).
 */
export class RedisModelRegistry {
  readonly keys: ReturnType<typeof registryKeys>;
  private readonly store: VersionStore;
  private readonly redis: Redis;
  private readonly options: RedisModelRegistryOptions;
  private readonly log: Logger;

  constructor(options: RedisModelRegistryOptions) {
    this.options = options;
    this.keys = registryKeys(options.prefix);
    this.redis = options.redis.duplicate();
    options.watchConnection?.('models', this.redis);
    this.store = new VersionStore(this.redis, this.keys, options.clock ?? Date.now);
    this.log = options.log ?? silentLogger;
  }

  create(input: NewVersion): Promise<RegisteredVersion> {
    return this.store.create(input);
  }

  get(version: string): Promise<RegisteredVersion | null> {
    return this.store.get(version);
  }

  async require(version: string): Promise<RegisteredVersion> {
    const found = await this.store.get(version);
    if (!found) throw new SwitchboardError('NOT_FOUND', `No model version "${version}".`);
    return found;
  }

  list(): Promise<RegisteredVersion[]> {
    return this.store.list();
  }

  async active(): Promise<RegisteredVersion | null> {
    const version = await this.redis.get(this.keys.active);
    return version ? this.store.get(version) : null;
  }

  findByJob(jobId: string): Promise<RegisteredVersion | null> {
    return this.store.findByJob(jobId);
  }

  update(version: string, patch: VersionUpdate, event?: string): Promise<RegisteredVersion> {
    return this.store.update(version, patch, event);
  }

  /**
   * Makes a candidate the active version if it passes the gate against the active version (both
   * scored on the candidate's validation split); a refused candidate becomes `rejected` and a
   * CONFLICT error lists the reasons. `force` skips the gate; the version's history says so.
   */
  async promote(version: string, options: { force?: boolean; by?: string } = {}) {
    const by = options.by ?? 'unknown';
    const candidate = await this.require(version);
    if (candidate.state === 'active') {
      throw new SwitchboardError('CONFLICT', `${version} is already the active version.`);
    }
    if (!PROMOTABLE.has(candidate.state)) {
      throw new SwitchboardError(
        'CONFLICT',
        `${version} is ${candidate.state}: only a trained version can be promoted.`,
      );
    }
    const current = await this.active();
    const compared = current ? await this.metricsToBeat(current, candidate) : null;
    const decision = candidate.metrics
      ? gateDecision(candidate.metrics, compared)
      : { promote: false, reasons: [`${version} has no evaluation metrics`] };
    const forced = options.force === true;
    if (!decision.promote && !forced) {
      await this.store.update(
        version,
        { state: 'rejected' },
        `gate refused (by ${by}): ${decision.reasons.join('; ')}`,
      );
      this.log.warn('brand.model.gate_refused', {
        version,
        active: current?.version,
        by,
        reasons: decision.reasons,
      });
      throw new SwitchboardError(
        'CONFLICT',
        `${version} did not pass the gate: ${decision.reasons.join('; ')}.`,
        {
          details: {
            version,
            reasons: decision.reasons,
            candidate: candidate.metrics,
            active: compared,
          },
        },
      );
    }
    const event = forced
      ? `forced promotion by ${by}${decision.reasons.length ? ` (gate would refuse: ${decision.reasons.join('; ')})` : ''}`
      : `promoted by ${by} (gate passed)`;
    const promoted = await this.store.switchActive(version, current?.version ?? null, event);
    if (forced)
      this.log.warn('brand.model.promoted_forced', {
        version,
        previous: current?.version,
        by,
        reasons: decision.reasons,
      });
    else this.log.info('brand.model.promoted', { version, previous: current?.version, by });
    await this.publish({ version, previous: current?.version ?? null });
    return {
      version: promoted,
      previous: current?.version ?? null,
      forced,
      reasons: decision.reasons,
      compared,
    } satisfies PromotionResult;
  }

  /** Makes an earlier version active again; the current one is retired. */
  async rollback(version: string, options: { by?: string } = {}): Promise<RegisteredVersion> {
    const target = await this.require(version);
    const current = await this.active();
    if (!current)
      throw new SwitchboardError('CONFLICT', 'No version is active: promote one instead.');
    if (!(versionNumber(version) < versionNumber(current.version))) {
      throw new SwitchboardError(
        'BAD_REQUEST',
        `Rollback goes to an earlier version than the active ${current.version}; ${version} is not.`,
      );
    }
    if (!PROMOTABLE.has(target.state) || !target.modelId) {
      throw new SwitchboardError(
        'CONFLICT',
        `${version} is ${target.state}: it cannot serve replies.`,
      );
    }
    const event = `rollback from ${current.version} by ${options.by ?? 'unknown'}`;
    const restored = await this.store.switchActive(version, current.version, event);
    this.log.info('brand.model.rolled_back', {
      version,
      previous: current.version,
      by: options.by,
    });
    await this.publish({ version, previous: current.version });
    return restored;
  }

  /**
   * Registers the model the runtime trained from BRAND_DATA_PATH: `v1` and active when the
   * registry is empty; a new active base version when the data changed while a base version was
   * active. A promoted trained version stays active whatever the data file does.
   */
  async ensureBase(
    input: Omit<NewVersion, 'base' | 'state'>,
  ): Promise<{ active: RegisteredVersion; created: boolean }> {
    const first = await this.store.bootstrap({ ...input, base: true });
    if (first) {
      await this.publish({ version: first.version, previous: null });
      return { active: first, created: true };
    }
    const current = await this.active();
    if (current && !(current.base && current.modelId !== input.modelId))
      return { active: current, created: false };
    const next = await this.store.create({ ...input, base: true });
    const event = current
      ? `brand data changed: replaces base ${current.version}`
      : 'base model (no version was active)';
    let active: RegisteredVersion;
    try {
      active = await this.store.switchActive(next.version, current?.version ?? null, event);
    } catch (error) {
      // Another server starting on the same new data switched first: serve what it activated.
      const winner =
        isSwitchboardError(error) && error.code === 'CONFLICT' && (await this.active());
      if (winner) return { active: winner, created: false };
      throw error;
    }
    await this.publish({ version: next.version, previous: current?.version ?? null });
    return { active, created: true };
  }

  /** Calls `listener` on every change of the active version (from any process); answers the unsubscribe. */
  async onActiveChanged(listener: (change: ActiveChanged) => void): Promise<() => Promise<void>> {
    const subscriber = this.redis.duplicate();
    this.options.watchConnection?.('models-subscriber', subscriber);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.keys.channel) return;
      try {
        listener(JSON.parse(message) as ActiveChanged);
      } catch {
        // A malformed message changes nothing; the periodic check still catches up.
      }
    });
    await subscriber.subscribe(this.keys.channel);
    return async () => {
      subscriber.disconnect();
    };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async publish(change: ActiveChanged): Promise<void> {
    await this.redis.publish(this.keys.channel, JSON.stringify(change));
  }

  /** The active version's metrics on the candidate's split when we can compute them, else its stored ones. */
  private async metricsToBeat(current: RegisteredVersion, candidate: RegisteredVersion) {
    if (this.options.evaluateOn && candidate.validationPath) {
      return this.options.evaluateOn(current, candidate.validationPath);
    }
    return current.metrics ?? null;
  }
}

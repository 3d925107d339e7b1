import { type ListKeyOptions, RecordManager, type UpdateOptions } from '@langchain/core/indexing';

interface MemoryRecord {
  updatedAt: number;
  groupId: string | null;
}

/**
 * LangChain's `InMemoryRecordManager` (langchainjs `libs/langchain/src/indexes/memory.ts`, not
 * installable here), with the same contract and two deliberate differences so the baseline is
 * neither a strawman nor wrong:
 * - `listKeys({ groupIds })` reads a per-group key index instead of scanning every record
 *   (upstream filters all records with `groupIds.includes`, O(records × groups) per batch, which
 *   would make `index()` quadratic in the corpus and flatter us);
 * - the clock is sub-millisecond and strictly increasing and `before` is exclusive, as in the
 *   Python original. Upstream uses `Date.now()` with an inclusive `before`, so keys re-touched in
 *   the same millisecond an `index()` run started are listed as stale and deleted.
 */
export class InMemoryRecordManager extends RecordManager {
  override lc_namespace = ['langchain', 'recordmanagers', 'memory'];
  readonly records = new Map<string, MemoryRecord>();
  readonly #byGroup = new Map<string | null, Set<string>>();
  #lastTime = 0;

  async createSchema(): Promise<void> {
    // Nothing to create; kept for compatibility with the other record managers.
  }

  async getTime(): Promise<number> {
    const now = performance.timeOrigin + performance.now();
    this.#lastTime = now > this.#lastTime ? now : this.#lastTime + 0.001;
    return this.#lastTime;
  }

  async update(keys: string[], updateOptions?: UpdateOptions): Promise<void> {
    const updatedAt = await this.getTime();
    const { timeAtLeast, groupIds: given } = updateOptions ?? {};
    if (timeAtLeast !== undefined && updatedAt < timeAtLeast) {
      throw new Error(`Time sync issue with database ${updatedAt} < ${timeAtLeast}`);
    }
    const groupIds = given ?? keys.map(() => null);
    if (groupIds.length !== keys.length) {
      throw new Error(
        `Number of keys (${keys.length}) does not match number of group_ids (${groupIds.length})`,
      );
    }
    keys.forEach((key, i) => {
      const old = this.records.get(key);
      // Like upstream: an existing record keeps its group and only gets a new time.
      if (old) {
        old.updatedAt = updatedAt;
        return;
      }
      const groupId = groupIds[i] ?? null;
      this.records.set(key, { updatedAt, groupId });
      const group = this.#byGroup.get(groupId) ?? new Set<string>();
      this.#byGroup.set(groupId, group);
      group.add(key);
    });
  }

  async exists(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.records.has(key));
  }

  async listKeys(options?: ListKeyOptions): Promise<string[]> {
    const { before, after, limit, groupIds } = options ?? {};
    const candidates =
      groupIds === undefined
        ? this.records.keys()
        : [...new Set(groupIds)].flatMap((g) => [...(this.#byGroup.get(g) ?? [])]);
    const out: string[] = [];
    for (const key of candidates) {
      if (limit !== undefined && out.length >= limit) break;
      const record = this.records.get(key)!;
      if (before !== undefined && !(record.updatedAt < before)) continue;
      if (after !== undefined && !(record.updatedAt > after)) continue;
      out.push(key);
    }
    return out;
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (const key of keys) {
      const record = this.records.get(key);
      if (!record) continue;
      this.records.delete(key);
      this.#byGroup.get(record.groupId)?.delete(key);
    }
  }
}

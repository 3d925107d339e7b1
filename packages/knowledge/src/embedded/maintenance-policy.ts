/** See `MaintenancePolicyOptions.keepVersionsMs`. */
export const DEFAULT_KEEP_VERSIONS_MS = 30_000;

export interface MaintenancePolicyOptions {
  /**
   * Maintenance is due after `max(minCommits, √(balance · rows))` commits, `rows` being the
   * table's rows at the last maintenance. Each commit leaves a fragment that every later commit
   * pays for (≈0.03 ms each here), while compaction rewrites the table (≈6 µs a row): the
   * interval that minimises their sum is √(2 · 6 µs / 0.03 ms · rows) ≈ √(0.4 · rows) commits
   * (63 at 10k rows, 200 at 100k; .switchboard/exp/maintenance-schedule.ts measures it).
   * @defaultValue 0.4
   */
  balance?: number;
  /** Fewest commits between two maintenances while writes go on. @defaultValue 20 */
  minCommits?: number;
  /**
   * Versions younger than this are kept by maintenance: a reader in another process may still be
   * reading the version that was the latest a moment ago (its files go with it).
   * @defaultValue 30_000
   */
  keepVersionsMs?: number;
}

/**
 * When an embedded table is compacted and its old versions removed. Every write leaves one
 * fragment and one version; left alone, at 100k rows a 60-row merge took 337 ms and 1,669
 * versions piled up (issue 12). Maintenance is due after a number of commits that grows with the
 * square root of the table, and runs anyway once writes go quiet (`pending`), e.g. at the end of
 * a sync run.
 */
export class MaintenancePolicy {
  readonly #balance: number;
  readonly #minCommits: number;
  /** Versions younger than this survive maintenance. */
  readonly keepVersionsMs: number;
  #rowsAtLast = 0;
  #commitsSince = 0;

  constructor(options: MaintenancePolicyOptions = {}) {
    this.#balance = options.balance ?? 0.4;
    this.#minCommits = options.minCommits ?? 20;
    this.keepVersionsMs = options.keepVersionsMs ?? DEFAULT_KEEP_VERSIONS_MS;
  }

  /** A committed write (schema changes and deletes count too: each leaves a version). */
  recordCommit(): void {
    this.#commitsSince++;
  }

  /** Something was committed since the last maintenance. */
  get pending(): boolean {
    return this.#commitsSince > 0;
  }

  /** Maintenance should run now, before the next write. */
  get due(): boolean {
    const interval = Math.max(this.#minCommits, Math.sqrt(this.#balance * this.#rowsAtLast));
    return this.#commitsSince >= interval;
  }

  /** Maintenance ran; the table now has `rows` rows. */
  maintained(rows: number): void {
    this.#rowsAtLast = rows;
    this.#commitsSince = 0;
  }
}

import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitUntilQuietOptions {
  /** Wait at least this long (e.g. past a delay after which work is deferred). @defaultValue 0 */
  atLeastMs?: number;
  /** A window counts as quiet under this share of one core. @defaultValue 0.05 */
  maxCpuShare?: number;
  /** Length of one observation window. @defaultValue 200 */
  windowMs?: number;
  /** Give up waiting after this long. @defaultValue 30_000 */
  maxMs?: number;
}

/**
 * Resolves once this process (all its threads: LanceDB works in its own) has used less than
 * `maxCpuShare` of a core during one `windowMs` window, after `atLeastMs`. Between benchmark
 * measurements it lets work a side deferred finish, so it lands in no later measurement. Resolves
 * to the milliseconds waited.
 */
export async function waitUntilQuiet(options: WaitUntilQuietOptions = {}): Promise<number> {
  const started = performance.now();
  const windowMs = options.windowMs ?? 200;
  const maxShare = options.maxCpuShare ?? 0.05;
  const deadline = started + (options.maxMs ?? 30_000);
  await sleep(options.atLeastMs ?? 0);
  while (performance.now() < deadline) {
    const before = process.cpuUsage();
    const t0 = performance.now();
    await sleep(windowMs);
    const used = process.cpuUsage(before);
    const share = (used.user + used.system) / 1000 / (performance.now() - t0);
    if (share < maxShare) break;
  }
  return performance.now() - started;
}

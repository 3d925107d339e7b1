import { describe, expect, it } from 'vitest';
import { waitUntilQuiet } from './wait-until-quiet.ts';

/** Keeps the event loop busy in 20 ms bursts until `ms` have passed. */
async function busyFor(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const burst = performance.now() + 20;
    while (performance.now() < burst) {
      // spin
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('waitUntilQuiet', () => {
  it('waits at least the given time, then for a quiet window', async () => {
    const waited = await waitUntilQuiet({ atLeastMs: 100, windowMs: 50 });
    expect(waited).toBeGreaterThanOrEqual(150);
  });

  it('keeps waiting while the process is busy, and gives up at maxMs', async () => {
    const busy = busyFor(600);
    const waited = await waitUntilQuiet({ windowMs: 100 });
    await busy;
    expect(waited).toBeGreaterThanOrEqual(600);
    const capped = waitUntilQuiet({ windowMs: 100, maxMs: 250 });
    await busyFor(500);
    expect(await capped).toBeLessThan(500);
  });
});

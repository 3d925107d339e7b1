import { describe, expect, it } from 'vitest';
import { closedLoop, tally } from './chat-client.ts';

describe('closedLoop', () => {
  it('keeps exactly `concurrency` requests in flight until the deadline', async () => {
    let inFlight = 0;
    let most = 0;
    const { completed, seconds, results } = await closedLoop({
      concurrency: 4,
      durationMs: 150,
      work: async (i) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight--;
        return i;
      },
    });
    expect(most).toBe(4);
    expect(completed).toBe(results.length);
    // 4 callers × ~15 rounds of 10 ms; timers on a busy machine only make it fewer.
    expect(completed).toBeGreaterThan(12);
    expect(completed).toBeLessThanOrEqual(4 * 16);
    expect(new Set(results).size).toBe(completed);
    expect(seconds).toBeGreaterThanOrEqual(0.15);
  });
});

describe('tally', () => {
  it('counts, including words Object.prototype knows', () => {
    expect(tally(['knowledge', 'constructor', 'knowledge'])).toEqual({
      knowledge: 2,
      constructor: 1,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { watchEventLoop } from './event-loop-watchdog.ts';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a synchronous block, as a runaway regular expression or a big JSON.parse would be
  }
}

describe('the event-loop watchdog', () => {
  it('says when the loop was blocked longer than the threshold, and how long', async () => {
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const stop = watchEventLoop({
      log: { warn: (event, fields) => void lines.push([event, fields]) },
      thresholdMs: 150,
      intervalMs: 20,
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(lines).toEqual([]);
    blockFor(400);
    await new Promise((r) => setTimeout(r, 60));
    stop();
    expect(lines).toHaveLength(1);
    const [event, fields] = lines[0] ?? [];
    expect(event).toBe('event_loop.blocked');
    expect(Number(fields?.blockedMs)).toBeGreaterThanOrEqual(300);
    expect(String(fields?.since)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

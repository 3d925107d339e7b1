import { describe, expect, it } from 'vitest';
import { lateAnswers, type Span } from './late-answers.ts';

const request = (target: string) => ({ method: 'GET', target, headers: [] });
const span = (target: string, start: number, end: number, timedOut = false): Span => ({
  start,
  end,
  timedOut,
  request: request(target),
});

describe('judging late answers of the fuzz run', () => {
  it('calls a request hung when others were answered while it waited', () => {
    const found = lateAnswers(
      [span('/slow', 0, 10_500, true), span('/a', 100, 200), span('/b', 6_000, 6_050)],
      '',
      [],
    );
    expect(found.map((f) => f.request.target)).toEqual(['/slow']);
  });

  it("reports the server's blocked event loop when nothing was answered", () => {
    const since = new Date(1_000).toISOString();
    const log = `{"level":"warn","event":"event_loop.blocked","blockedMs":9000,"since":"${since}"}\n`;
    const found = lateAnswers(
      [span('/x', 500, 10_600, true), span('/y', 700, 10_700, true)],
      log,
      [],
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.detail).toMatch(/blocked 9000 ms/);
    expect(found[0]?.request.target).toBe('/x');
  });

  it('is no finding when every process was starved together and the server saw no block', () => {
    const found = lateAnswers(
      [span('/x', 500, 10_600, true), span('/y', 700, 10_700, true)],
      '{"level":"warn","event":"event_loop.blocked","blockedMs":1200,"since":"x"}\n',
      [],
    );
    expect(found).toEqual([]);
  });
});

import type { RawRequest } from './raw-http.ts';
import { REQUEST_TIMEOUT_MS } from './server-under-test.ts';

export interface Span {
  start: number;
  end: number;
  /** No answer within the request timeout plus the grace. */
  timedOut: boolean;
  request: RawRequest;
}

export interface LateAnswer {
  where: 'socket';
  request: RawRequest;
  detail: string;
}

/**
 * Which late answers are the server's fault. A request is hung when the server answered other
 * requests while it waited past the server's own request timeout. When nothing at all was
 * answered for that long, the server's event-loop watchdog says whether the server was blocked
 * (a finding, with how long) or the machine was (the CI box starved every process; printed, not
 * a finding: no request of ours caused it).
 */
export function lateAnswers(spans: Span[], serverOutput: string, harnessBlocks: string[]) {
  const findings: LateAnswer[] = [];
  const answered = spans.filter((s) => !s.timedOut).map((s) => s.end);
  for (const span of spans.filter((s) => s.timedOut)) {
    const others = answered.filter(
      (end) => end > span.start + REQUEST_TIMEOUT_MS && end < span.end,
    );
    if (others.length > 0)
      findings.push({
        where: 'socket',
        request: span.request,
        detail: `no answer in ${span.end - span.start} ms while ${others.length} other requests were answered`,
      });
  }
  const blocks = serverOutput
    .split('\n')
    .filter((line) => line.includes('"event":"event_loop.blocked"'))
    .map((line) => JSON.parse(line) as { blockedMs: number; since: string });
  for (const block of blocks.filter((b) => b.blockedMs >= REQUEST_TIMEOUT_MS)) {
    const since = Date.parse(block.since);
    const inFlight = spans.filter((s) => s.start <= since && s.end >= since);
    findings.push({
      where: 'socket',
      request: inFlight[0]?.request ?? { method: '?', target: '?', headers: [] },
      detail: `the server's event loop was blocked ${block.blockedMs} ms from ${block.since}; ${inFlight.length} requests in flight then (the first is shown)`,
    });
  }
  const stalled = spans.filter((s) => s.timedOut).length - findings.length;
  if (stalled > 0 && findings.length === 0)
    console.warn(
      `fuzz: ${stalled} requests late while nothing was answered and the server reported no block over ${REQUEST_TIMEOUT_MS} ms (server blocks: ${blocks.map((b) => b.blockedMs).join(', ') || 'none'}; harness blocks: ${harnessBlocks.join(', ') || 'none'}): the machine stalled, not a finding`,
    );
  return findings;
}

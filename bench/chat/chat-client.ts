/** One answer from `POST /api/chat` (JSON, not streamed): its route, or the HTTP status on failure. */
export async function askChat(
  url: string,
  message: string,
  conversationId: string,
): Promise<{ route: string }> {
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, conversationId }),
  });
  if (!response.ok)
    throw new Error(`/api/chat answered ${response.status}: ${await response.text()}`);
  const reply = (await response.json()) as { route?: string };
  return { route: reply.route ?? 'none' };
}

/**
 * A closed loop of `concurrency` callers, each starting its next request as soon as its last
 * one answered, until `durationMs` has passed; `work(i)` gets a running request number.
 * Throughput = completed / seconds.
 */
export async function closedLoop<T>(options: {
  concurrency: number;
  durationMs: number;
  work: (i: number) => Promise<T>;
}): Promise<{ completed: number; seconds: number; results: T[] }> {
  const results: T[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const caller = async () => {
    while (performance.now() < deadline) results.push(await options.work(next++));
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  return { completed: results.length, seconds: (performance.now() - started) / 1000, results };
}

/** Each item's count, e.g. routes: `{ knowledge: 480, handoff: 20 }`. */
export function tally(items: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

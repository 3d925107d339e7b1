import { type BenchResult, growthExponent } from '../stats.ts';
import type { ScalePoint } from './scale-point.ts';

/**
 * Rows that compare sizes: the growth exponent of first-sync time between consecutive sizes
 * (1 = linear) and chat throughput at each larger size as a share of the smallest size's.
 */
export function scaleComparisonRows(points: readonly ScalePoint[]): BenchResult[] {
  const rows: BenchResult[] = [];
  points.slice(1).forEach((to, i) => {
    const from = points[i]!;
    rows.push({
      name: `sync_growth_exponent_${from.label}_to_${to.label}`,
      value: growthExponent(
        { size: from.sections, cost: from.firstSyncSeconds },
        { size: to.sections, cost: to.firstSyncSeconds },
      ),
      unit: 'log-log slope',
    });
  });
  const first = points[0];
  for (const p of points.slice(1)) {
    rows.push({
      name: `scale_${p.label}_chat_req_per_s_vs_${first!.label}`,
      value: p.chatPerSecond,
      unit: 'req/s',
      baseline: first!.chatPerSecond,
      ratio: p.chatPerSecond / first!.chatPerSecond,
    });
  }
  return rows;
}

/** The scale table as text: one line per size. */
export function formatScaleTable(points: readonly ScalePoint[]): string {
  const head = [
    'sections',
    'chunks',
    'first sync s',
    'restart→ready s',
    'retrieval p50/p99 ms: ours | MiniSearch | brute force',
    'MRR@10 ours | MiniSearch | brute',
    'chat req/s @10 (knowledge %)',
    'RSS ready / peak MB',
  ];
  const engine = (p: ScalePoint, name: string) => p.retrieval.find((r) => r.name === name);
  const rows = points.map((p) => {
    const runs = ['ours', 'minisearch', 'bruteforce'].map((n) => engine(p, n));
    return [
      String(p.sections),
      String(p.chunks),
      p.firstSyncSeconds.toFixed(1),
      p.restartReadySeconds.toFixed(1),
      runs.map((r) => `${r?.p50.toFixed(2)}/${r?.p99.toFixed(2)}`).join(' | '),
      runs.map((r) => r?.mrr.toFixed(3)).join(' | '),
      `${p.chatPerSecond.toFixed(0)} (${(p.knowledgeShare * 100).toFixed(0)} %)`,
      `${p.rssReadyMb.toFixed(0)} / ${p.peakMb.toFixed(0)}`,
    ];
  });
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

import { describe, expect, it } from 'vitest';
import type { ScalePoint } from './scale-point.ts';
import { formatScaleTable, scaleComparisonRows } from './scale-table.ts';

const point = (label: string, sections: number, sync: number, chat: number): ScalePoint => ({
  label,
  sections,
  chunks: sections,
  firstSyncSeconds: sync,
  restartReadySeconds: sync + 5,
  retrieval: [
    { name: 'ours', p50: 1, p99: 2, mrr: 0.9 },
    { name: 'minisearch', p50: 3, p99: 6, mrr: 0.8 },
    { name: 'bruteforce', p50: 30, p99: 60, mrr: 0.8 },
  ],
  chatPerSecond: chat,
  knowledgeShare: 0.95,
  rssReadyMb: 400,
  peakMb: 500,
});

describe('scale table', () => {
  const points = [
    point('1k', 1_000, 2, 700),
    point('10k', 10_000, 20, 200),
    point('100k', 100_000, 2_000, 70),
  ];

  it('gives the growth exponent between consecutive sizes and throughput against the smallest', () => {
    const rows = scaleComparisonRows(points);
    expect(rows.map((r) => r.name)).toEqual([
      'sync_growth_exponent_1k_to_10k',
      'sync_growth_exponent_10k_to_100k',
      'scale_10k_chat_req_per_s_vs_1k',
      'scale_100k_chat_req_per_s_vs_1k',
    ]);
    expect(rows[0]!.value).toBeCloseTo(1);
    expect(rows[1]!.value).toBeCloseTo(2);
    expect(rows[3]).toMatchObject({ value: 70, baseline: 700, ratio: 0.1 });
  });

  it('has nothing to compare with one size, and prints one line per size', () => {
    expect(scaleComparisonRows(points.slice(0, 1))).toEqual([]);
    const lines = formatScaleTable(points).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(
      /^100000\s.*2000\.0.*1\.00\/2\.00 \| 3\.00\/6\.00 \| 30\.00\/60\.00.*70 \(95 %\).*400 \/ 500/,
    );
  });
});

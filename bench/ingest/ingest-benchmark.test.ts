import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ingestBenchResults,
  runIngestBenchmark,
  type ScenarioMeasurement,
} from './ingest-benchmark.ts';

describe('runIngestBenchmark (60 articles)', () => {
  let directory: string;
  let measurements: ScenarioMeasurement[];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ingest-bench-'));
    measurements = await runIngestBenchmark({
      directory,
      redisUrl: inject('redisUrl'),
      documents: 60,
      changedShare: 0.05,
    });
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('runs the three scenarios and both sides end with every chunk indexed', () => {
    expect(measurements.map((m) => m.scenario)).toEqual(['initial', 'unchanged', '1pct_changed']);
    for (const m of measurements) expect(m.langchain.chunks).toBe(m.switchboard.chunks);
    expect(measurements[0]!.switchboard.chunks).toBe(180);
    expect(measurements[0]!.changedChunks).toBe(180);
  });

  it('embeds everything once, nothing when unchanged, only the edited chunks after edits: both sides', () => {
    const [initial, unchanged, edited] = measurements;
    for (const side of ['switchboard', 'langchain'] as const) {
      expect(initial![side].embedded).toBe(180);
      // With batches aligned to documents, LangChain's cleanup re-embeds nothing.
      expect(unchanged![side].embedded).toBe(0);
      expect(edited![side].embedded).toBe(3);
    }
    expect(edited!.changedChunks).toBe(3);
    // 60 articles × 3 chunks in aligned batches of ≤ 100: 33 + 27 articles, two calls.
    expect(initial!.langchain.embedCalls).toBe(2);
    // Ours: one sync batch of 60 articles, 180 texts in calls of 100.
    expect(initial!.switchboard.embedCalls).toBe(2);
    expect(edited!.switchboard.embedCalls).toBeLessThanOrEqual(edited!.langchain.embedCalls);
  });

  it('reports seconds, texts and calls with LangChain as baseline', () => {
    const rows = ingestBenchResults(measurements);
    expect(rows.map((r) => r.name)).toEqual([
      'ingest_initial_seconds',
      'ingest_unchanged_seconds',
      'ingest_1pct_changed_seconds',
      'ingest_initial_embedded_texts',
      'ingest_initial_embedder_calls',
      'ingest_unchanged_embedded_texts',
      'ingest_unchanged_embedder_calls',
      'ingest_1pct_changed_embedded_texts',
      'ingest_1pct_changed_embedder_calls',
    ]);
    const seconds = rows[1]!;
    expect(seconds.ratio).toBeCloseTo(seconds.value / seconds.baseline!);
    expect(rows[5]).toMatchObject({ value: 0, baseline: 0 });
    expect(rows[5]!.ratio).toBeUndefined();
    expect(rows[7]).toMatchObject({ value: 3, baseline: 3, ratio: 1 });
  });
});

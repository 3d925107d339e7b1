import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ingestBenchResults,
  runIngestBenchmark,
  type ScenarioMeasurement,
} from './ingest-benchmark.ts';

describe('runIngestBenchmark (60 documents)', () => {
  let directory: string;
  let measurements: ScenarioMeasurement[];
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ingest-bench-'));
    measurements = await runIngestBenchmark({ directory, documents: 60, changedShare: 0.05 });
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('runs the three scenarios and both sides end with every chunk indexed', () => {
    expect(measurements.map((m) => m.scenario)).toEqual(['initial', 'unchanged', '1pct_changed']);
    for (const m of measurements) expect(m.langchain.chunks).toBe(m.switchboard.chunks);
    expect(measurements[0]!.switchboard.chunks).toBe(measurements[0]!.changedChunks);
  });

  it('embeds everything once, nothing when unchanged, and only the edited chunks after edits', () => {
    const [initial, unchanged, edited] = measurements;
    expect(initial!.switchboard.embedded).toBe(initial!.changedChunks);
    expect(initial!.langchain.embedded).toBe(initial!.changedChunks);
    expect(unchanged!.switchboard.embedded).toBe(0);
    expect(edited!.changedChunks).toBe(3);
    expect(edited!.switchboard.embedded).toBe(3);
    expect(edited!.langchain.embedded).toBeGreaterThanOrEqual(3);
  });

  it('reports seconds with LangChain as baseline and embedder calls', () => {
    const rows = ingestBenchResults(measurements);
    expect(rows.map((r) => r.name)).toEqual([
      'ingest_initial_seconds',
      'ingest_unchanged_seconds',
      'ingest_1pct_changed_seconds',
      'ingest_unchanged_embedder_calls',
      'ingest_1pct_changed_embedder_calls',
    ]);
    const seconds = rows[1]!;
    expect(seconds.ratio).toBeCloseTo(seconds.value / seconds.baseline!);
    expect(rows[3]!.value).toBe(0);
  });
});

import type { SourceDocument } from '@switchboard/core';
import { chunkDocument } from '@switchboard/knowledge';
import type { BenchResult } from '../stats.ts';
import { editDocuments, generateDocuments } from './document-corpus.ts';
import { type IngestionSide, openLangChainSide, openSwitchboardSide } from './ingestion-sides.ts';

export type Scenario = 'initial' | 'unchanged' | '1pct_changed';

export interface SideMeasurement {
  seconds: number;
  /** Texts sent to the embedder. */
  embedded: number;
  /** Chunks in the index afterwards. */
  chunks: number;
  /** Where the store time went, e.g. "upsert 469× 5210ms, listChunks 10000× 900ms". */
  storeTime: string;
  /** What the side reports it did, e.g. "added 100, deleted 100, skipped 29900". */
  outcome: string;
}

export interface ScenarioMeasurement {
  scenario: Scenario;
  /** Chunks that are new in this scenario's documents: the most an incremental sync should embed. */
  changedChunks: number;
  switchboard: SideMeasurement;
  langchain: SideMeasurement;
}

export interface IngestBenchmarkOptions {
  /** Scratch directory; each side gets its own LanceDB database under it. */
  directory: string;
  /** @defaultValue 10000 */
  documents?: number;
  /** Share of documents edited in the last scenario. @defaultValue 0.01 */
  changedShare?: number;
  /**
   * `index()`'s `batchSize`. LangChain's default (100) splits documents across batches, and
   * incremental cleanup then deletes and re-embeds the chunks of a document that fall in the
   * next batch; a multiple of the chunks per document avoids that (a what-if, not the default).
   * @defaultValue LangChain's default, 100
   */
  langchainBatchSize?: number;
  progress?: (line: string) => void;
}

/**
 * Initial ingest, unchanged re-sync, then re-sync after `changedShare` of the documents changed,
 * each run by both sides back to back on identical input. Throws when the two indexes disagree
 * on the chunk count, since timing a side that did not do the work would mean nothing.
 */
export async function runIngestBenchmark(
  options: IngestBenchmarkOptions,
): Promise<ScenarioMeasurement[]> {
  const progress = options.progress ?? (() => {});
  const initial = generateDocuments({ documents: options.documents ?? 10_000 });
  const editCount = Math.max(1, Math.round(initial.length * (options.changedShare ?? 0.01)));
  const { documents: changed, edited } = editDocuments(initial, { count: editCount });
  const editedIds = new Set(edited);
  const changedChunks = await newChunkCount(
    initial.filter((d) => editedIds.has(d.id)),
    changed.filter((d) => editedIds.has(d.id)),
  );
  const plan: Array<{ scenario: Scenario; documents: SourceDocument[]; changedChunks: number }> = [
    { scenario: 'initial', documents: initial, changedChunks: await newChunkCount([], initial) },
    { scenario: 'unchanged', documents: initial, changedChunks: 0 },
    { scenario: '1pct_changed', documents: changed, changedChunks },
  ];
  const sides = [
    await openSwitchboardSide(options.directory),
    await openLangChainSide(
      options.directory,
      options.langchainBatchSize !== undefined ? { batchSize: options.langchainBatchSize } : {},
    ),
  ];
  try {
    const out: ScenarioMeasurement[] = [];
    for (const step of plan) {
      const [switchboard, langchain] = [
        await measure(sides[0]!, step.documents),
        await measure(sides[1]!, step.documents),
      ];
      if (switchboard.chunks !== langchain.chunks) {
        throw new Error(
          `${step.scenario}: indexes disagree (${switchboard.chunks} vs ${langchain.chunks} chunks)`,
        );
      }
      for (const [name, m] of [
        ['switchboard', switchboard],
        ['langchain', langchain],
      ] as const) {
        progress(
          `ingest ${step.scenario} ${name}: ${m.seconds.toFixed(2)}s, ${m.embedded} embedded, ${m.chunks} chunks (${m.outcome}); store: ${m.storeTime}`,
        );
      }
      out.push({
        scenario: step.scenario,
        changedChunks: step.changedChunks,
        switchboard,
        langchain,
      });
    }
    return out;
  } finally {
    for (const side of sides) await side.close();
  }
}

async function measure(
  side: IngestionSide,
  documents: readonly SourceDocument[],
): Promise<SideMeasurement> {
  side.embedder.reset();
  side.index.reset();
  const t0 = performance.now();
  const outcome = await side.sync(documents);
  const seconds = (performance.now() - t0) / 1000;
  const storeTime = side.index.summary();
  const chunks = await side.index.count();
  return { seconds, embedded: side.embedder.texts, chunks, storeTime, outcome };
}

/** Chunks of `after` whose ids `before` does not have (ids derive from content). */
async function newChunkCount(
  before: readonly SourceDocument[],
  after: readonly SourceDocument[],
): Promise<number> {
  const known = new Set<string>();
  for (const doc of before) for (const c of await chunkDocument(doc)) known.add(c.id);
  let fresh = 0;
  for (const doc of after) for (const c of await chunkDocument(doc)) if (!known.has(c.id)) fresh++;
  return fresh;
}

export const INGEST_TARGETS =
  'ingest_*: baseline = LangChain index() (incremental cleanup, in-memory record manager) with the same splitter, embedder and store; targets: unchanged re-sync >= 10x faster (ratio <= 0.10), 1%-changed >= 5x faster (ratio <= 0.20), embedder calls never above changed chunks. LangChain runs with its default batchSize (100 chunks), which splits documents across batches: its incremental cleanup then deletes and re-embeds those chunks on every re-sync (its embedder_calls baseline); with batches aligned to documents (bench/ingest/run-ingest.ts --langchain-batch-size 99) it does not.';

/** The benchmark's rows for `npm run bench`: times with LangChain's as baseline, then embedder calls. */
export function ingestBenchResults(measurements: readonly ScenarioMeasurement[]): BenchResult[] {
  const rows: BenchResult[] = [];
  for (const m of measurements) {
    rows.push({
      name: `ingest_${m.scenario}_seconds`,
      value: m.switchboard.seconds,
      unit: 's',
      baseline: m.langchain.seconds,
      ratio: m.switchboard.seconds / m.langchain.seconds,
    });
  }
  for (const m of measurements) {
    if (m.scenario === 'initial') continue;
    rows.push({
      name: `ingest_${m.scenario}_embedder_calls`,
      value: m.switchboard.embedded,
      unit: `texts (${m.changedChunks} changed chunks)`,
      baseline: m.langchain.embedded,
      // Undefined for 0/0: an unchanged re-sync should embed nothing on either side.
      ...(m.langchain.embedded > 0 ? { ratio: m.switchboard.embedded / m.langchain.embedded } : {}),
    });
  }
  return rows;
}

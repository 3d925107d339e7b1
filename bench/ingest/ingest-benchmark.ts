import { join } from 'node:path';
import type { SourceDocument } from '@switchboard/core';
import { chunkDocument } from '@switchboard/knowledge';
import { writeArticles } from '../help-centre.ts';
import { type BenchResult, versus } from '../stats.ts';
import { editDocuments, generateDocuments } from './document-corpus.ts';
import { type IngestionSide, openLangChainSide, openSwitchboardSide } from './ingestion-sides.ts';

export type Scenario = 'initial' | 'unchanged' | '1pct_changed';

export interface SideMeasurement {
  seconds: number;
  /** Texts sent to the embedder. */
  embedded: number;
  /** `embedDocuments` calls. */
  embedCalls: number;
  /** Chunks in the index afterwards. */
  chunks: number;
  /** Where the store time went, e.g. "upsert 469× 5210ms, listChunks 1× 9ms" ('' untracked). */
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
  /** Scratch directory: the help-centre folder and our LanceDB database go under it. */
  directory: string;
  /** Redis for our sync records (the product keeps them there). */
  redisUrl: string;
  /** Articles of 3 sections each. @defaultValue 3334 (10,002 sections) */
  documents?: number;
  /** Share of documents edited in the last scenario. @defaultValue 0.01 */
  changedShare?: number;
  progress?: (line: string) => void;
}

/**
 * A generated help centre written to a folder, then kept in an index by both sides in turn:
 * first sync, unchanged re-sync, re-sync after `changedShare` of the articles were edited on
 * disk. Throws when the two indexes disagree on the chunk count, since timing a side that did
 * not do the work would mean nothing.
 */
export async function runIngestBenchmark(
  options: IngestBenchmarkOptions,
): Promise<ScenarioMeasurement[]> {
  const progress = options.progress ?? (() => {});
  const root = join(options.directory, 'help-centre');
  const initial = generateDocuments({ documents: options.documents ?? 3334 });
  const editCount = Math.max(1, Math.round(initial.length * (options.changedShare ?? 0.01)));
  const { documents: changed, edited } = editDocuments(initial, { count: editCount });
  const editedIds = new Set(edited);
  const editedDocs = changed.filter((d) => editedIds.has(d.id));
  const plan: Array<{ scenario: Scenario; before?: () => Promise<void>; changedChunks: number }> = [
    { scenario: 'initial', changedChunks: await newChunkCount([], initial) },
    { scenario: 'unchanged', changedChunks: 0 },
    {
      scenario: '1pct_changed',
      before: () => writeArticles(root, editedDocs),
      changedChunks: await newChunkCount(
        initial.filter((d) => editedIds.has(d.id)),
        editedDocs,
      ),
    },
  ];
  await writeArticles(root, initial);
  const sides = [
    await openSwitchboardSide({ root, directory: options.directory, redisUrl: options.redisUrl }),
    await openLangChainSide({ root }),
  ] as const;
  try {
    const out: ScenarioMeasurement[] = [];
    for (const step of plan) {
      await step.before?.();
      const switchboard = await measure(sides[0]);
      const settledIn = await settle(sides[0]);
      const langchain = await measure(sides[1]);
      await settle(sides[1]);
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
          `ingest ${step.scenario} ${name}: ${m.seconds.toFixed(2)}s, ${m.embedded} texts in ${m.embedCalls} embedder calls, ${m.chunks} chunks (${m.outcome})${m.storeTime ? `; store: ${m.storeTime}` : ''}${name === 'switchboard' ? `; settled (untimed) in ${settledIn.toFixed(2)}s` : ''}`,
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

async function measure(side: IngestionSide): Promise<SideMeasurement> {
  side.embedder.reset();
  const t0 = performance.now();
  const outcome = await side.sync();
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    embedded: side.embedder.texts,
    embedCalls: side.embedder.calls,
    chunks: await side.count(),
    storeTime: side.storeTime(),
    outcome,
  };
}

/** The side's deferred work, left to finish between measurements; resolves to the seconds it took. */
async function settle(side: IngestionSide): Promise<number> {
  const t0 = performance.now();
  await side.settle();
  return (performance.now() - t0) / 1000;
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
  'ingest_*: ours = runSync (directory connector, Redis records, embedded LanceDB index); after each of our measurements the process is left until quiet, untimed (the index compacts and saves once writes have been quiet for 2 s; which keeps that work out of every other timing, those of LangChain included); baseline = LangChain index() with incremental cleanup, batches aligned to documents (≤ 100 chunks), its in-memory record manager and in-memory vector store, over the same folder, loader, chunker and embedder. Targets (issue 12): unchanged re-sync ratio ≤ 0.10, 1%-changed ≤ 0.20, embedder texts never above the baseline.';

/** Rows for `npm run bench`: seconds with LangChain's as baseline, then texts embedded and calls. */
export function ingestBenchResults(measurements: readonly ScenarioMeasurement[]): BenchResult[] {
  const rows = measurements.map((m) =>
    versus(`ingest_${m.scenario}_seconds`, 's', m.switchboard.seconds, m.langchain.seconds),
  );
  for (const m of measurements) {
    const unit = `texts (${m.changedChunks} changed chunks)`;
    const [ours, theirs] = [m.switchboard.embedded, m.langchain.embedded];
    // 0/0 has no ratio: an unchanged re-sync should embed nothing on either side.
    rows.push(
      theirs > 0
        ? versus(`ingest_${m.scenario}_embedded_texts`, unit, ours, theirs)
        : { name: `ingest_${m.scenario}_embedded_texts`, unit, value: ours, baseline: theirs },
    );
    const [calls, baseCalls] = [m.switchboard.embedCalls, m.langchain.embedCalls];
    rows.push(
      baseCalls > 0
        ? versus(`ingest_${m.scenario}_embedder_calls`, 'calls', calls, baseCalls)
        : {
            name: `ingest_${m.scenario}_embedder_calls`,
            unit: 'calls',
            value: calls,
            baseline: baseCalls,
          },
    );
  }
  return rows;
}

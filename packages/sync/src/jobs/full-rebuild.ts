import type { KnowledgeIndex } from '@switchboard/core';
import type { Job } from 'bullmq';
import { MemoryRecordStore } from '../records/memory-record-store.ts';
import type { DocumentRecord } from '../records/record-store.ts';
import { reconcile } from '../run/reconcile.ts';
import { runSync, type SyncSummary } from '../run/run-sync.ts';
import { connectorOf, type SyncProcessorDeps } from './processor-deps.ts';
import type { SyncJobPayloads } from './queues.ts';
import type { SyncRunSummary } from './run-history.ts';

type RebuildableIndex = KnowledgeIndex &
  Required<Pick<KnowledgeIndex, 'beginRebuild' | 'commitRebuild' | 'abortRebuild'>>;

export function canRebuild(index: KnowledgeIndex): index is RebuildableIndex {
  return Boolean(index.beginRebuild && index.commitRebuild && index.abortRebuild);
}

/**
 * A `full` run: every document of the source is fetched and embedded again into a fresh
 * table/collection, which replaces the live one in one atomic switch (the other sources' chunks
 * carried over), so queries see the old index or the new one, never a half-built one.
 *
 * It runs inside the run job (no child jobs): a worker killed mid-rebuild loses nothing, since
 * the live index is untouched until the switch; the recovered job starts the rebuild again and
 * `beginRebuild` drops the unfinished table. Records are replaced only after the switch (index
 * first, records second, as everywhere in the sync engine).
 */
export async function processFullRebuild(
  deps: SyncProcessorDeps,
  job: Job<SyncJobPayloads['sync-run']>,
  index: RebuildableIndex,
): Promise<SyncRunSummary> {
  const { runId, source, trigger } = job.data;
  const clock = deps.clock ?? Date.now;
  const startedAt = clock();
  const connector = await connectorOf(deps.registry, source);
  const previous = await deps.records.list(source);
  const next = await index.beginRebuild();
  const collected = new MemoryRecordStore();
  let summary: SyncSummary;
  try {
    summary = await runSync({
      source,
      connector,
      index: next,
      records: collected,
      ...(deps.embedder ? { embedder: deps.embedder } : {}),
      mode: 'full',
      clock,
      onProgress: (progress) => void job.updateProgress({ runId, source, ...progress }),
    });
    await index.commitRebuild(next, { carryOver: { exceptSource: source } });
  } catch (err) {
    await index.abortRebuild(next).catch(() => {});
    throw err;
  }
  const records = await collected.list(source);
  await deps.records.clear(source);
  for (const record of records) await deps.records.put(source, record);
  const reconciled = await reconcile({ source, index, records: deps.records });
  const finishedAt = clock();
  const result: SyncRunSummary = {
    ...summary,
    ...compareWithPrevious(previous, records),
    runId,
    trigger,
    durationMs: finishedAt - startedAt,
    reconcile: reconciled,
    finishedAt,
  };
  await deps.history.append(result);
  return result;
}

/** Added / updated / unchanged / deleted, judged against the records from before the rebuild. */
function compareWithPrevious(
  previous: DocumentRecord[],
  rebuilt: DocumentRecord[],
): Pick<SyncSummary, 'added' | 'updated' | 'unchanged' | 'deleted'> {
  const before = new Map(previous.map((r) => [r.docId, r]));
  const counts = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
  for (const record of rebuilt) {
    if (record.status !== 'indexed') continue; // counted in `failed`
    const old = before.get(record.docId);
    if (!old) counts.added++;
    else if (old.chunkIds.join('\n') === record.chunkIds.join('\n')) counts.unchanged++;
    else counts.updated++;
  }
  const present = new Set(rebuilt.map((r) => r.docId));
  counts.deleted = previous.filter((r) => !present.has(r.docId)).length;
  return counts;
}

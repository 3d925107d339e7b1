import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chunk } from '@switchboard/core';
import { EmbeddedIndex, KnowledgeRetriever } from '@switchboard/knowledge';
import { askChat, closedLoop, tally } from '../chat/chat-client.ts';
import { generateCorpus, labelledQueries } from '../corpus.ts';
import { writeHelpCentre } from '../help-centre.ts';
import { compareRetrieval, type EngineRun } from '../retrieval/compare-retrieval.ts';
import { type ServerProcess, startServer } from '../server-process.ts';
import type { BenchResult } from '../stats.ts';

const CONCURRENCY = 10;

/** What one help-centre size measured. */
export interface ScalePoint {
  label: string;
  sections: number;
  chunks: number;
  /** The server's sync run into its empty index (`sync.run.finished` durationMs). */
  firstSyncSeconds: number;
  /** Spawn → `/readyz` 200 of a restart on the synced data (warm: nothing left to sync). */
  restartReadySeconds: number;
  retrieval: EngineRun[];
  /** `/api/chat` answers per second with 10 callers asking doc questions. */
  chatPerSecond: number;
  /** Share of those answered on the knowledge route. */
  knowledgeShare: number;
  /** RSS of the restarted server when ready. */
  rssReadyMb: number;
  /** The larger VmHWM of the two processes: the syncing one, and the restarted one after load. */
  peakMb: number;
}

/**
 * One row of the scale table, on a generated help centre of `sections` sections:
 * 1. the real server (`npm start`'s: embedded index, Redis, sync jobs, folder watch) starts on an
 *    empty folder; once it is ready the articles are moved in at once, and its folder watch runs
 *    the sync (the start-up sync's path, without start-up work competing with it);
 * 2. it is restarted on that data, and 10 callers ask doc questions over HTTP for `chatMs`;
 * 3. its index is reopened here and searched by our retriever, MiniSearch and brute force on the
 *    same 500 labelled queries.
 */
export async function measureScalePoint(options: {
  label: string;
  sections: number;
  directory: string;
  redisUrl: string;
  chatMs?: number;
  progress: (line: string) => void;
}): Promise<{ point: ScalePoint; rows: BenchResult[] }> {
  const { label, sections, progress } = options;
  const root = join(options.directory, `help-centre-${label}`);
  const staging = join(options.directory, `staging-${label}`);
  const server = {
    knowledgePath: root,
    dataDir: join(options.directory, `server-${label}`),
    redisUrl: options.redisUrl,
    redisPrefix: `bench-scale-${label}-${Date.now()}`,
  };
  await mkdir(root, { recursive: true });
  await writeHelpCentre(staging, sections);
  progress(`scale ${label}: ${sections} sections written; first sync through the server`);
  const sync = await withServer(await startServer(server), async (s) => {
    await rename(staging, join(root, 'articles'));
    const run = await s.syncRun((r) => r.added > 0);
    if (run.failed > 0) throw new Error(`scale ${label}: ${run.failed} documents failed to sync`);
    return { seconds: run.durationMs / 1000, peakMb: (await s.memory()).peakMb };
  });
  progress(`scale ${label}: synced in ${sync.seconds.toFixed(1)} s; restarting for /api/chat load`);
  const served = await withServer(await startServer(server), async (s) => {
    const ready = await s.memory();
    const questions = labelledQueries(generateCorpus({ sections }), 1_000, 11).map((q) => q.text);
    for (const [i, text] of questions.slice(0, 20).entries())
      await askChat(s.url, text, `warm-${label}-${i}`);
    const load = await closedLoop({
      concurrency: CONCURRENCY,
      durationMs: options.chatMs ?? 8_000,
      work: (n) => askChat(s.url, questions[n % questions.length]!, `scale-${label}-${n}`),
    });
    const routes = tally(load.results.map((r) => r.route));
    return {
      readySeconds: s.readyMs / 1000,
      rssReadyMb: ready.rssMb,
      peakMb: (await s.memory()).peakMb,
      chatPerSecond: load.completed / load.seconds,
      knowledgeShare: (routes.knowledge ?? 0) / load.completed,
    };
  });
  const index = await EmbeddedIndex.open({ directory: join(server.dataDir, 'index') });
  const { chunks, retrieval } = await (async () => {
    try {
      const chunks = await allChunks(index);
      const ours = new KnowledgeRetriever({ index, limit: 10 });
      return { chunks, retrieval: await compareRetrieval({ label, chunks, ours }) };
    } finally {
      await index.close();
    }
  })();
  const point: ScalePoint = {
    label,
    sections,
    chunks: chunks.length,
    firstSyncSeconds: sync.seconds,
    restartReadySeconds: served.readySeconds,
    retrieval: retrieval.runs,
    chatPerSecond: served.chatPerSecond,
    knowledgeShare: served.knowledgeShare,
    rssReadyMb: served.rssReadyMb,
    peakMb: Math.max(sync.peakMb, served.peakMb),
  };
  progress(`scale ${label}: ${JSON.stringify(point)}`);
  const rows: BenchResult[] = [
    { name: `scale_${label}_first_sync_seconds`, value: point.firstSyncSeconds, unit: 's' },
    { name: `scale_${label}_restart_ready_seconds`, value: point.restartReadySeconds, unit: 's' },
    { name: `scale_${label}_chat_req_per_s`, value: point.chatPerSecond, unit: 'req/s' },
    { name: `scale_${label}_rss_ready_mb`, value: point.rssReadyMb, unit: 'MB' },
    { name: `scale_${label}_peak_rss_mb`, value: point.peakMb, unit: 'MB' },
    ...retrieval.rows,
  ];
  return { point, rows };
}

async function withServer<T>(server: ServerProcess, use: (s: ServerProcess) => Promise<T>) {
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** Every chunk the index holds, with its text (what the server indexed, nothing regenerated). */
async function allChunks(index: EmbeddedIndex): Promise<Chunk[]> {
  const docIds = [...new Set((await index.listChunks()).map((c) => c.docId))];
  const out: Chunk[] = [];
  for (const docId of docIds) out.push(...(await index.getDocumentChunks(docId)));
  return out;
}

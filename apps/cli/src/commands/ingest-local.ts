import { join } from 'node:path';
import type { Config } from '@switchboard/config';
import { EmbeddedIndex, ingestDocuments } from '@switchboard/knowledge';
import { createEmbedder } from '@switchboard/providers';
import { loadKnowledge } from '@switchboard/runtime';
import type { SourceSpec } from '@switchboard/sync';
import { type Out, printResult } from '../output.ts';

/** Writes a folder's or corpus's documents into the embedded index here (no server runs). */
export async function ingestLocally(
  config: Config,
  spec: SourceSpec,
  json: boolean,
  out: Out,
): Promise<void> {
  const started = performance.now();
  const path = spec.kind === 'directory' ? spec.root : spec.kind === 'jsonl' ? spec.path : '';
  const loaded = await loadKnowledge(path, spec.name);
  const index = await EmbeddedIndex.open({ directory: join(config.dataDir, 'index') });
  try {
    const report = await ingestDocuments({
      documents: loaded.documents,
      index,
      ...(config.embeddings
        ? {
            embedder: createEmbedder(config.embeddings, {
              timeouts: config.providerLimits.embeddings,
            }),
          }
        : {}),
    });
    printResult(
      {
        source: spec.name,
        documents: report.documents,
        chunks: report.chunks,
        added: report.added,
        unchanged: report.unchanged,
        removed: report.removed,
        embedded: report.embedded,
        failed: report.failed,
        skipped: loaded.problems,
        seconds: (performance.now() - started) / 1000,
      },
      json,
      out,
    );
  } finally {
    await index.close();
  }
}
